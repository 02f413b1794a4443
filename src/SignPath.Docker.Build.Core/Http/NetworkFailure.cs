using System.Net.Sockets;
using System.Security.Authentication;

namespace SignPath.Docker.Build.Http;

/// <summary>
/// One classification of <see cref="HttpRequestException"/> for every server the package talks to (SignPath,
/// registries, token services, Notary): whether another try can help, and what to tell the user when it cannot.
/// A host name that does not resolve, a rejected certificate and a refused loopback connection fail at once,
/// because waiting only delays the error the user has to fix.
/// </summary>
internal sealed class NetworkFailure
{
    private NetworkFailure(NetworkFailureKind kind, string reason)
    {
        Kind = kind;
        Reason = reason;
    }

    public NetworkFailureKind Kind { get; }

    /// <summary>What happened, naming the server, e.g. "nothing listens at 127.0.0.1:5999 (connection refused)".</summary>
    public string Reason { get; }

    public bool IsTransient => Kind is NetworkFailureKind.ConnectionFailed or NetworkFailureKind.AnswerBrokeOff;

    public bool IsTls => Kind is NetworkFailureKind.CertificateRejected or NetworkFailureKind.TlsFailed;

    /// <param name="server">The URL requested; without it a refused connection counts as loopback (not retried).</param>
    public static NetworkFailure Classify(HttpRequestException exception, Uri? server)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var authority = server?.Authority ?? "the server";
        var detail = InnermostMessage(exception);
        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => new(NetworkFailureKind.HostNotFound, $"the host name {server?.Host ?? authority} does not resolve ({detail})"),
            HttpRequestError.SecureConnectionError when IsCertificateRejection(exception) =>
                new(NetworkFailureKind.CertificateRejected, $"the TLS certificate of {authority} is not trusted or does not match the host name ({detail})"),
            HttpRequestError.SecureConnectionError => new(NetworkFailureKind.TlsFailed, $"the TLS handshake with {authority} failed ({detail})"),
            HttpRequestError.ConnectionError when IsConnectionRefused(exception) && (server is null || server.IsLoopback) =>
                new(NetworkFailureKind.NothingListening, $"nothing listens at {authority} (connection refused)"),
            HttpRequestError.ConnectionError => new(NetworkFailureKind.ConnectionFailed, $"could not connect to {authority} ({detail})"),
            HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError => new(NetworkFailureKind.AnswerBrokeOff, $"the connection to {authority} broke off ({detail})"),
            HttpRequestError.Unknown when exception.InnerException is IOException => new(NetworkFailureKind.AnswerBrokeOff, $"the connection to {authority} broke off ({detail})"),
            _ when exception.InnerException is AuthenticationException => new(NetworkFailureKind.TlsFailed, $"the TLS handshake with {authority} failed ({detail})"),
            _ => new(NetworkFailureKind.Other, $"the request to {authority} failed ({detail})"),
        };
    }

    /// <summary>What to check, for a failure that is not transient; <paramref name="setting"/> names where the URL comes from.</summary>
    public string Hint(string setting) => Kind switch
    {
        NetworkFailureKind.HostNotFound => $"Check the host name in {setting} for typos, and this machine's DNS settings.",
        NetworkFailureKind.NothingListening => $"Start the server, or correct the port in {setting}.",
        NetworkFailureKind.CertificateRejected =>
            $"Use the host name the certificate was issued for in {setting}. For a private CA, add it to the system trust store " +
            "(or point SSL_CERT_FILE at a bundle that includes it).",
        NetworkFailureKind.TlsFailed => $"Check that the server speaks https on that port; {setting} may need http:// or another port.",
        _ => $"Check {setting} and that the server is reachable from this machine.",
    };

    internal static bool IsConnectionRefused(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    // SslStream words every validation failure "The remote certificate is invalid …" (RemoteCertificateChainErrors,
    // RemoteCertificateNameMismatch); other handshake failures do not mention the remote certificate.
    private static bool IsCertificateRejection(HttpRequestException exception) =>
        exception.InnerException is AuthenticationException authentication
        && authentication.Message.Contains("remote certificate", StringComparison.OrdinalIgnoreCase);

    private static string InnermostMessage(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current.Message.TrimEnd('.');
    }
}
