using System.Net.Sockets;
using System.Security.Authentication;
using SignPath.Docker.Build.Http;
using Xunit;

namespace SignPath.Docker.Build.Tests.Http;

public sealed class NetworkFailureTests
{
    private static readonly Uri Loopback = new("http://127.0.0.1:5999/api/");
    private static readonly Uri Remote = new("https://signpath.example/api/");

    public static TheoryData<string, HttpRequestException, Uri, NetworkFailureKind, bool> Cases => new()
    {
        { "dns", new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known", new SocketException((int)SocketError.HostNotFound)), Remote, NetworkFailureKind.HostNotFound, false },
        { "untrusted", new HttpRequestException(HttpRequestError.SecureConnectionError, "SSL failed", new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot")), Remote, NetworkFailureKind.CertificateRejected, false },
        { "mismatch", new HttpRequestException(HttpRequestError.SecureConnectionError, "SSL failed", new AuthenticationException("The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch")), Remote, NetworkFailureKind.CertificateRejected, false },
        { "not tls", new HttpRequestException(HttpRequestError.SecureConnectionError, "SSL failed", new AuthenticationException("Cannot determine the frame size or a corrupted frame was received.")), Remote, NetworkFailureKind.TlsFailed, false },
        { "refused loopback", new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)), Loopback, NetworkFailureKind.NothingListening, false },
        { "refused remote", new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)), Remote, NetworkFailureKind.ConnectionFailed, true },
        { "unreachable", new HttpRequestException(HttpRequestError.ConnectionError, "Network is unreachable", new SocketException((int)SocketError.NetworkUnreachable)), Remote, NetworkFailureKind.ConnectionFailed, true },
        { "reset", new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."), Remote, NetworkFailureKind.AnswerBrokeOff, true },
        { "io", new HttpRequestException("Error while copying content", new IOException("Connection reset by peer")), Remote, NetworkFailureKind.AnswerBrokeOff, true },
        { "proxy", new HttpRequestException(HttpRequestError.ProxyTunnelError, "The proxy tunnel request failed"), Remote, NetworkFailureKind.Other, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachFailureIsClassifiedOnce(string name, HttpRequestException exception, Uri server, NetworkFailureKind kind, bool transient)
    {
        var failure = NetworkFailure.Classify(exception, server);

        Assert.True(kind == failure.Kind, name);
        Assert.Equal(transient, failure.IsTransient);
        Assert.Contains(kind == NetworkFailureKind.HostNotFound ? server.Host : server.Authority, failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusedConnectionWithoutAKnownServerIsNotRetried()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused));

        Assert.False(NetworkFailure.Classify(refused, null).IsTransient);
    }

    [Fact]
    public void TheHintNamesTheSettingToFix()
    {
        var dns = NetworkFailure.Classify(new HttpRequestException(HttpRequestError.NameResolutionError, "unknown"), Remote);

        Assert.Contains("SignPathApiUrl", dns.Hint("SignPathApiUrl"), StringComparison.Ordinal);
    }
}
