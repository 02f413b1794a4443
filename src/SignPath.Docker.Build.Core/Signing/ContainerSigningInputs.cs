namespace SignPath.Docker.Build.Signing;

/// <summary>
/// What SignContainerImage is given, as text, before any validation: the task fills it from its properties and
/// either signs in its own process or hands it to the native signer process (one JSON line on stdin), which
/// validates and signs with the same code. Secrets are never serialized: the signer process gets them in its
/// environment (SIGNPATH_API_TOKEN, NOTARY_AUTH).
/// </summary>
public sealed record ContainerSigningInputs
{
    public List<ImageInput> Images { get; set; } = [];

    public string? SignatureFormats { get; set; }

    public string? SignPathApiUrl { get; set; }

    public string? SignPathOrganizationId { get; set; }

    /// <summary>Not written to the signer's stdin (see <see cref="SignerProtocol"/>).</summary>
    public string? SignPathApiToken { get; set; }

    public string? SignPathProjectSlug { get; set; }

    public string? SignPathSigningPolicySlug { get; set; }

    public string? SignPathCosignArtifactConfigurationSlug { get; set; }

    public string? SignPathNotaryArtifactConfigurationSlug { get; set; }

    /// <summary>Before push: the artifact configuration with <c>&lt;oci-image-layout-archive-file&gt;</c> (null: the project's default).</summary>
    public string? SignPathOciLayoutArtifactConfigurationSlug { get; set; }

    public string? SignPathDescription { get; set; }

    public string? SignPathWaitForCompletionTimeout { get; set; }

    public string? SignPathProgressInterval { get; set; }

    public string? CosignPublicKey { get; set; }

    /// <summary>Before push: path or PEM of the root certificate every Notation signature's x5c chain must end in.</summary>
    public string? NotationRootCertificate { get; set; }

    /// <summary>Where the public key the cosign signatures were checked with is written (cosign.pub); in-process signing only.</summary>
    public string? CosignPublicKeyFile { get; set; }

    /// <summary>Key → value, written into the cosign payload's "optional".</summary>
    public Dictionary<string, string> CosignAnnotations { get; set; } = [];

    public string? SignContainerMaxParallelism { get; set; }

    public string? InsecureRegistries { get; set; }

    public string? NotaryUrl { get; set; }

    /// <summary>Not written to the signer's stdin: it travels with the password (see <see cref="SignerProtocol"/>).</summary>
    public string? NotaryUsername { get; set; }

    /// <summary>Not written to the signer's stdin (see <see cref="SignerProtocol"/>).</summary>
    public string? NotaryPassword { get; set; }

    public string? NotaryDelegationName { get; set; }

    public string? NotaryRootCertificate { get; set; }

    public string? NotaryTrustDirectory { get; set; }
}
