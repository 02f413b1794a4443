using System.Net;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Http;

namespace SignPath.Docker.Build.Registry.Http;

/// <summary>Turns registry responses and network failures into <see cref="RegistryException"/>s a user can act on.</summary>
internal static class RegistryErrors
{
    private const string CredentialSources =
        "DOTNET_CONTAINER_PUSH_REGISTRY_UNAME/PWORD, then DOTNET_CONTAINER_REGISTRY_UNAME/PWORD, then the docker config " +
        "(`docker login <registry>`, credHelpers, credsStore)";

    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>
    /// The registry answered, but not with what <paramref name="operation"/> needed. Decided on the status and the
    /// error codes of the body (distribution spec, see <see cref="RegistryError"/>), never on the message text.
    /// </summary>
    public static async Task<RegistryException> FromResponseAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var errors = await ReadErrorsAsync(response, cancellationToken);
        var credentials = response.RequestMessage?.Options.TryGetValue(RegistryRequestOptions.CredentialsSource, out var source) == true ? source : null;
        return FromResponse(response.StatusCode, response.ReasonPhrase, errors, operation, credentials);
    }

    /// <summary><see cref="FromResponseAsync"/> for a body already read.</summary>
    /// <param name="credentialsSource">Where the credentials sent with the request came from; null when none were sent.</param>
    public static RegistryException FromResponse(HttpStatusCode status, string? reason, IReadOnlyList<RegistryError> errors, string operation, string? credentialsSource = null)
    {
        var detail = string.Join("; ", errors);
        var what = $"{operation} failed: the registry answered {(int)status} {reason}{(detail.Length > 0 ? ": " + detail : string.Empty)}.";
        bool Has(string code) => errors.Any(e => e.Code == code);

        if (status == HttpStatusCode.Unauthorized || Has(RegistryErrorCodes.Unauthorized))
        {
            var refused = credentialsSource is null ? " No credentials for this registry were found." : $" The credentials from {credentialsSource} were refused.";
            return new RegistryException(ErrorCodes.RegistryUnauthorized, what + refused, CredentialsHint(credentialsSource), isTransient: false, status, errors);
        }

        if (status == HttpStatusCode.Forbidden || Has(RegistryErrorCodes.Denied))
        {
            var lacking = credentialsSource is null ? " Without credentials there is no permission for this repository." : $" The credentials from {credentialsSource} lack permission for this repository.";
            return new RegistryException(ErrorCodes.RegistryUnauthorized, what + lacking, CredentialsHint(credentialsSource), isTransient: false, status, errors);
        }

        if (Has(RegistryErrorCodes.DigestInvalid))
        {
            return new RegistryException(ErrorCodes.DigestMismatch, what, "The content changed while it was uploaded, or its digest was computed over different bytes.", isTransient: false, status, errors);
        }

        // An upload session the registry forgot (expired, or another replica behind a load balancer) is worth
        // a fresh upload; the registry client restarts uploads on transient failures.
        var transient = RetryPolicy.IsRetryableStatus(status) || Has(RegistryErrorCodes.TooManyRequests) || Has(RegistryErrorCodes.BlobUploadUnknown);
        return new RegistryException(
            ErrorCodes.RegistryRequestFailed,
            what,
            transient
                ? "The registry is overloaded or restarting; try again later or raise the retry budget."
                : "Check the registry's log for the request; the message above is the registry's own error.",
            transient,
            status,
            errors);
    }

    /// <summary>
    /// The package reads the credentials the SDK's push uses, in its order, so the fix is at the first source that is
    /// set; naming it saves guessing which of several configured places was used.
    /// </summary>
    public static string CredentialsHint(string? credentialsSource) => credentialsSource is null
        ? $"Give credentials for the registry the SDK pushes to: {CredentialSources}."
        : $"Correct the credentials in {credentialsSource}, or grant that account push access to the repository; the package reads {CredentialSources}, and uses the first that is set.";

    /// <summary>No HTTP answer at all: says whether DNS, the connection or TLS failed.</summary>
    public static RegistryException FromNetworkFailure(Exception exception, string registry, string operation)
    {
        var network = exception is HttpRequestException http ? NetworkFailure.Classify(http, RegistryUrl(registry)) : null;
        var (reason, hint) = network switch
        {
            { IsTls: true } => (network.Reason, network.Hint("the image reference") + " A registry that only speaks http must be listed in DOTNET_CONTAINER_INSECURE_REGISTRIES."),
            { Kind: NetworkFailureKind.HostNotFound or NetworkFailureKind.NothingListening } => (network.Reason, network.Hint("the image reference")),
            _ when exception is TimeoutException or OperationCanceledException => ($"{registry} did not answer in time", "Check the network path to the registry; raise the request timeout for slow links."),
            _ => ($"the connection to {registry} failed ({InnermostMessage(exception)})", "Check that the registry is running and reachable from this machine."),
        };
        var code = network is { IsTls: true } ? ErrorCodes.RegistryTlsFailed : ErrorCodes.RegistryUnreachable;
        return new RegistryException(code, $"{operation} failed: {reason}.", hint, isTransient: network is { IsTransient: true }, innerException: exception);
    }

    // The registry as "host[:port]"; only its host matters to the classification (loopback or not).
    private static Uri? RegistryUrl(string registry) => Uri.TryCreate("https://" + registry, UriKind.Absolute, out var url) ? url : null;

    private static async Task<IReadOnlyList<RegistryError>> ReadErrorsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await BoundedReader.ReadAsync(response.Content, MaxErrorBodyBytes, cancellationToken, truncate: true);
            return RegistryError.Parse(bytes);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
        {
            // The body only adds codes to the status; an unreadable one is left out.
            return [];
        }
    }

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
