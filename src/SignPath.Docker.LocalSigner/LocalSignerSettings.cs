using System.Globalization;

namespace SignPath.Docker.LocalSigner;

/// <summary>The command line (and LOCALSIGNER_API_TOKEN), validated once at startup.</summary>
public sealed class LocalSignerSettings
{
    public const string ApiTokenEnvironmentVariable = "LOCALSIGNER_API_TOKEN";

    public required string ApiToken { get; init; }

    public required string CosignKeyPath { get; init; }

    /// <summary>Null accepts any organization ID in the URL.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>--notary-delegation-key: enables the "notary" artifact configuration; null leaves it out.</summary>
    public string? NotaryDelegationKeyPath { get; init; }

    /// <summary>--notary-roots: a directory of registered root certificates (*.crt, CN = GUN).</summary>
    public string? NotaryRootsDirectory { get; init; }

    public string ProjectSlug { get; init; } = "containers";

    public string SigningPolicySlug { get; init; } = "release-signing";

    public TimeSpan ApprovalDelay { get; init; } = TimeSpan.Zero;

    /// <summary>--require-origin: the signing policy verifies origin; a request without repository URL and commit is refused.</summary>
    public bool RequireOrigin { get; init; }

    public override string ToString() =>
        $"organization={OrganizationId ?? "(any)"}, project={ProjectSlug}, signing policy={SigningPolicySlug}, approval delay={ApprovalDelay.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s{(RequireOrigin ? ", origin required" : string.Empty)}";

    /// <summary>Reads --api-token, --cosign-key, --notary-delegation-key, --notary-roots, ...; returns null and fills <paramref name="error"/> when unusable.</summary>
    public static LocalSignerSettings? From(IConfiguration configuration, out string? error)
    {
        var token = configuration["api-token"];
        if (string.IsNullOrEmpty(token))
        {
            token = Environment.GetEnvironmentVariable(ApiTokenEnvironmentVariable);
        }

        var keyPath = configuration["cosign-key"];
        var delayText = configuration["approval-delay"];
        var delaySeconds = 0.0;
        error = string.IsNullOrEmpty(token) ? $"No API token: pass --api-token or set {ApiTokenEnvironmentVariable}."
            : string.IsNullOrEmpty(keyPath) ? "No signing key: pass --cosign-key PATH (created when absent)."
            : delayText is not null && (!double.TryParse(delayText, NumberStyles.Float, CultureInfo.InvariantCulture, out delaySeconds) || delaySeconds < 0)
                ? $"--approval-delay must be a number of seconds >= 0, not '{delayText}'."
            : null;
        if (error is not null)
        {
            return null;
        }

        return new LocalSignerSettings
        {
            ApiToken = token!,
            CosignKeyPath = Path.GetFullPath(keyPath!),
            OrganizationId = NullIfEmpty(configuration["organization-id"]),
            NotaryDelegationKeyPath = NullIfEmpty(configuration["notary-delegation-key"]) is { } notaryKey ? Path.GetFullPath(notaryKey) : null,
            NotaryRootsDirectory = NullIfEmpty(configuration["notary-roots"]) is { } roots ? Path.GetFullPath(roots) : null,
            ProjectSlug = NullIfEmpty(configuration["project-slug"]) ?? "containers",
            SigningPolicySlug = NullIfEmpty(configuration["signing-policy-slug"]) ?? "release-signing",
            ApprovalDelay = TimeSpan.FromSeconds(delaySeconds),
            RequireOrigin = string.Equals(configuration["require-origin"], "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
