using System.Globalization;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.SignPath;

/// <summary>The SignPath properties, validated before anything talks to a server.</summary>
public sealed class SignPathSettings
{
    public const string ApiTokenVariable = "SIGNPATH_API_TOKEN";

    private SignPathSettings(Uri apiUrl, string organizationId, string apiToken, string projectSlug, string signingPolicySlug)
    {
        ApiUrl = apiUrl;
        OrganizationId = organizationId;
        ApiToken = apiToken;
        ProjectSlug = projectSlug;
        SigningPolicySlug = signingPolicySlug;
    }

    public Uri ApiUrl { get; }

    public string OrganizationId { get; }

    public string ApiToken { get; }

    public string ProjectSlug { get; }

    public string SigningPolicySlug { get; }

    public string? CosignArtifactConfigurationSlug { get; private init; }

    public string? NotaryArtifactConfigurationSlug { get; private init; }

    public string? Description { get; private init; }

    public TimeSpan WaitForCompletionTimeout { get; private init; }

    public TimeSpan ProgressInterval { get; private init; }

    public TimeSpan ServiceUnavailableTimeout { get; private init; }

    public static SignPathSettings From(ContainerSigningInputs inputs)
    {
        var apiUrl = ParseApiUrl(inputs.SignPathApiUrl);
        if (string.IsNullOrWhiteSpace(inputs.SignPathOrganizationId))
        {
            throw new SignPathDockerException(
                ErrorCodes.MissingOrganizationId,
                "SignPathOrganizationId is not set.",
                "Set it to your SignPath organization ID (a GUID, shown in SignPath under Settings).");
        }

        var token = string.IsNullOrWhiteSpace(inputs.SignPathApiToken)
            ? Environment.GetEnvironmentVariable(ApiTokenVariable)
            : inputs.SignPathApiToken;
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new SignPathDockerException(
                ErrorCodes.MissingApiToken,
                "No SignPath API token was given.",
                $"Set the {ApiTokenVariable} environment variable to the API token of a SignPath CI user (preferred over the SignPathApiToken property, which MSBuild records in logs).");
        }

        if (string.IsNullOrWhiteSpace(inputs.SignPathProjectSlug) || string.IsNullOrWhiteSpace(inputs.SignPathSigningPolicySlug))
        {
            throw new SignPathDockerException(
                ErrorCodes.MissingProjectOrPolicy,
                "SignPathProjectSlug and SignPathSigningPolicySlug must both be set.",
                "Use the slugs of the SignPath project and signing policy that hold the container signing certificate.");
        }

        return new SignPathSettings(apiUrl, inputs.SignPathOrganizationId.Trim(), token.Trim(), inputs.SignPathProjectSlug.Trim(), inputs.SignPathSigningPolicySlug.Trim())
        {
            CosignArtifactConfigurationSlug = NullIfEmpty(inputs.SignPathCosignArtifactConfigurationSlug),
            NotaryArtifactConfigurationSlug = NullIfEmpty(inputs.SignPathNotaryArtifactConfigurationSlug),
            Description = NullIfEmpty(inputs.SignPathDescription),
            WaitForCompletionTimeout = ParseTimeout(inputs.SignPathWaitForCompletionTimeout, "SignPathWaitForCompletionTimeout", SignPathClientOptions.DefaultWaitForCompletionTimeout),
            ProgressInterval = ParseTimeout(inputs.SignPathProgressInterval, "SignPathProgressInterval", SignPathClientOptions.DefaultProgressInterval),
            ServiceUnavailableTimeout = ParseTimeout(inputs.SignPathServiceUnavailableTimeout, "SignPathServiceUnavailableTimeout", SignPathClientOptions.DefaultServiceUnavailableTimeout),
        };
    }

    private static Uri ParseApiUrl(string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? SignPathClientOptions.DefaultApiUrl.AbsoluteUri : value.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidUrl,
                $"SignPathApiUrl '{text}' is not an absolute http(s) URL.",
                $"Leave it empty for SignPath's cloud ({SignPathClientOptions.DefaultApiUrl}) or give the full API URL, e.g. http://127.0.0.1:5080/api/ for the local signing service.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidUrl,
                $"SignPathApiUrl '{text}' uses plain HTTP to a host that is not loopback; the API token would travel unencrypted.",
                "Use https, or http only for a local signing service on 127.0.0.1.");
        }

        return uri;
    }

    private static TimeSpan ParseTimeout(string? value, string property, TimeSpan fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new SignPathDockerException(
            ErrorCodes.InvalidTimeout,
            $"{property} '{value}' is not a positive number of seconds or a time span.",
            "Use e.g. 600 or 00:10:00.");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public override string ToString() => $"SignPath {ApiUrl} organization {OrganizationId} project {ProjectSlug} policy {SigningPolicySlug}";
}
