namespace SignPath.Docker.Build.Signing;

/// <summary>
/// What SignContainerImage is given, as text, before any validation: the task fills it from its properties and
/// <see cref="ContainerImageSigner"/> validates it before talking to any server.
/// </summary>
public sealed record ContainerSigningInputs
{
    public List<ImageInput> Images { get; set; } = [];

    public string? SignatureFormats { get; set; }

    public string? SignPathApiUrl { get; set; }

    public string? SignPathOrganizationId { get; set; }

    public string? SignPathApiToken { get; set; }

    public string? SignPathProjectSlug { get; set; }

    public string? SignPathSigningPolicySlug { get; set; }

    public string? SignPathCosignArtifactConfigurationSlug { get; set; }

    public string? SignPathNotaryArtifactConfigurationSlug { get; set; }

    public string? SignPathDescription { get; set; }

    public string? SignPathWaitForCompletionTimeout { get; set; }

    public string? SignPathProgressInterval { get; set; }

    /// <summary>In-process only: the native signer does not take it (it is being retired).</summary>
    public string? SignPathServiceUnavailableTimeout { get; set; }

    public string? CosignPublicKey { get; set; }

    /// <summary>Where the public key the cosign signatures were checked with is written (cosign.pub); nowhere when empty.</summary>
    public string? CosignPublicKeyFile { get; set; }

    /// <summary>Key → value, written into the cosign payload's "optional".</summary>
    public Dictionary<string, string> CosignAnnotations { get; set; } = [];

    public string? SignContainerMaxParallelism { get; set; }

    public string? InsecureRegistries { get; set; }

    public string? NotaryUrl { get; set; }

    public string? NotaryUsername { get; set; }

    public string? NotaryPassword { get; set; }

    public string? NotaryDelegationName { get; set; }

    public string? NotaryRootCertificate { get; set; }

    public string? NotaryTrustDirectory { get; set; }
}
