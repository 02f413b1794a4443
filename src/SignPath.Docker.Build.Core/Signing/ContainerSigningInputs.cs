using System.Text.Json.Serialization;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// What SignContainerImage is given, as text, before any validation: the task fills it from its properties and
/// either signs in its own process or hands it to the native signer process (one JSON line on stdin), which
/// validates and signs with the same code. Secrets are never serialized: the signer process gets them in its
/// environment (SIGNPATH_API_TOKEN, NOTARY_AUTH).
/// </summary>
public sealed record ContainerSigningInputs
{
    public List<ImageInput> Images { get; init; } = [];

    public string? SignatureFormats { get; init; }

    public string? SignPathApiUrl { get; init; }

    public string? SignPathOrganizationId { get; init; }

    [JsonIgnore]
    public string? SignPathApiToken { get; init; }

    public string? SignPathProjectSlug { get; init; }

    public string? SignPathSigningPolicySlug { get; init; }

    public string? SignPathCosignArtifactConfigurationSlug { get; init; }

    public string? SignPathNotaryArtifactConfigurationSlug { get; init; }

    public string? SignPathDescription { get; init; }

    public string? SignPathWaitForCompletionTimeout { get; init; }

    public string? SignPathProgressInterval { get; init; }

    public string? CosignPublicKey { get; init; }

    /// <summary>Key → value, written into the cosign payload's "optional".</summary>
    public Dictionary<string, string> CosignAnnotations { get; init; } = [];

    public string? SignContainerMaxParallelism { get; init; }

    public string? InsecureRegistries { get; init; }

    public string? NotaryUrl { get; init; }

    public string? NotaryUsername { get; init; }

    [JsonIgnore]
    public string? NotaryPassword { get; init; }

    public string? NotaryDelegationName { get; init; }

    public string? NotaryRootCertificate { get; init; }

    public string? NotaryTrustDirectory { get; init; }
}
