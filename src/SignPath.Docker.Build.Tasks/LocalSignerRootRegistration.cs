using System.Net.Http.Headers;
using System.Net.Http.Json;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Tells the local signing service (src/SignPath.Docker.LocalSigner) a repository's root certificate,
/// what uploading it to SignPath does for the real service, so setup and signing run offline.
/// </summary>
internal static class LocalSignerRootRegistration
{
    public static async Task RegisterAsync(string localSignerUrl, string gun, string certificatePem, IProgressLog log, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(localSignerUrl.Trim(), UriKind.Absolute, out var baseUrl) || !baseUrl.IsLoopback)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidUrl,
                $"LocalSignerUrl '{localSignerUrl}' is not a loopback URL.",
                "It is only for the local signing service, e.g. http://127.0.0.1:5056/; upload the root certificate to SignPath otherwise.");
        }

        var token = Environment.GetEnvironmentVariable(SignPathSettings.ApiTokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new SignPathDockerException(
                ErrorCodes.MissingApiToken,
                "No API token for the local signing service was given.",
                $"Set {SignPathSettings.ApiTokenVariable} to the service's API token.");
        }

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        var endpoint = new Uri(new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/"), "_localsigner/notary/roots");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(endpoint, new RootRegistration(gun, certificatePem), cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new SignPathDockerException(ErrorCodes.SignPathRequestFailed, $"Cannot reach the local signing service at {baseUrl}: {exception.Message}", innerException: exception);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new SignPathDockerException(
                    ErrorCodes.SignPathRequestFailed,
                    $"The local signing service refused the root certificate of {gun}: HTTP {(int)response.StatusCode}.");
            }
        }

        log.Info($"Registered the root certificate of {gun} with the local signing service at {baseUrl}.");
    }

    private sealed record RootRegistration(
        [property: System.Text.Json.Serialization.JsonPropertyName("gun")] string Gun,
        [property: System.Text.Json.Serialization.JsonPropertyName("certificatePem")] string CertificatePem);
}
