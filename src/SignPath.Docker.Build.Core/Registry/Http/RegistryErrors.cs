using System.Net;
using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Http;

namespace SignPath.Docker.Build.Registry.Http;

/// <summary>Turns registry responses and network failures into <see cref="SignPathDockerException"/>s a user can act on.</summary>
public static class RegistryErrors
{
    public const string CredentialsHint =
        "Set DOTNET_CONTAINER_REGISTRY_UNAME and DOTNET_CONTAINER_REGISTRY_PWORD, or run `docker login <registry>` " +
        "(credentials are read from the docker config, its credHelpers and credsStore).";

    private const int MaxErrorBodyBytes = 64 * 1024;
    private const string TransientKey = "SignPath.Registry.Transient";

    /// <summary>The registry answered, but not with what <paramref name="operation"/> needed.</summary>
    public static async Task<SignPathDockerException> FromResponseAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var detail = await ReadErrorDetailAsync(response, cancellationToken);
        var what = $"{operation} failed: the registry answered {status} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : string.Empty)}.";
        var transient = RetryPolicy.IsRetryableStatus(response.StatusCode);

        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new SignPathDockerException(ErrorCodes.RegistryUnauthorized, what + " The credentials were missing or refused.", CredentialsHint),
            HttpStatusCode.Forbidden => new SignPathDockerException(ErrorCodes.RegistryUnauthorized, what + " The credentials lack permission for this repository.", CredentialsHint),
            _ when detail.Contains("DIGEST_INVALID", StringComparison.Ordinal) =>
                new SignPathDockerException(ErrorCodes.DigestMismatch, what, "The content changed while it was uploaded, or its digest was computed over different bytes."),
            _ => MarkTransient(
                new SignPathDockerException(ErrorCodes.RegistryRequestFailed, what, transient
                    ? "The registry is overloaded or restarting; try again later or raise the retry budget."
                    : "Check the registry's log for the request; the message above is the registry's own error."),
                transient),
        };
    }

    /// <summary>No HTTP answer at all: says whether DNS, the connection or TLS failed.</summary>
    public static SignPathDockerException FromNetworkFailure(Exception exception, string registry, string operation)
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
        return MarkTransient(new SignPathDockerException(code, $"{operation} failed: {reason}.", hint, exception), network is { IsTransient: true });
    }

    // The registry as "host[:port]"; only its host matters to the classification (loopback or not).
    private static Uri? RegistryUrl(string registry) => Uri.TryCreate("https://" + registry, UriKind.Absolute, out var url) ? url : null;

    internal static bool IsTransient(SignPathDockerException exception) => exception.Data[TransientKey] is true;

    /// <summary>
    /// Lets the client's upload loop tell transient failures from final ones while callers still see exactly
    /// <see cref="SignPathDockerException"/>.
    /// </summary>
    private static SignPathDockerException MarkTransient(SignPathDockerException exception, bool transient)
    {
        exception.Data[TransientKey] = transient;
        return exception;
    }

    private static async Task<string> ReadErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await BoundedReader.ReadAsync(response.Content, MaxErrorBodyBytes, cancellationToken, truncate: true);
            if (bytes.Length == 0)
            {
                return string.Empty;
            }

            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return string.Join("; ", errors.EnumerateArray().Select(e =>
                {
                    var code = e.TryGetProperty("code", out var c) ? c.ToString() : "UNKNOWN";
                    var message = e.TryGetProperty("message", out var m) ? m.ToString() : string.Empty;
                    return $"{code}: {message}";
                }));
            }

            return string.Empty;
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException or InvalidOperationException)
        {
            // The body is only decoration for the message; an unreadable one is left out.
            return string.Empty;
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
