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

    /// <summary>Before push: the artifact configuration with <c>&lt;oci-image-layout-archive-file&gt;</c> (null: the project's default).</summary>
    public string? SignPathOciLayoutArtifactConfigurationSlug { get; set; }

    public string? SignPathDescription { get; set; }

    public string? SignPathWaitForCompletionTimeout { get; set; }

    public string? SignPathProgressInterval { get; set; }

    /// <summary>SignPathParameter items: name → value, sent as Parameters.&lt;name&gt; (a list, so duplicates reach validation).</summary>
    public List<KeyValuePair<string, string>> SignPathParameters { get; set; } = [];

    /// <summary>The SignPathOrigin* properties; each overrides what the CI's variables and source control say.</summary>
    public string? SignPathOriginSourceControlManagementType { get; set; }

    public string? SignPathOriginRepositoryUrl { get; set; }

    public string? SignPathOriginBranchName { get; set; }

    public string? SignPathOriginCommitId { get; set; }

    public string? SignPathOriginBuildUrl { get; set; }

    /// <summary>MSBuild's source control information (RepositoryType, PrivateRepositoryUrl, SourceBranchName, SourceRevisionId).</summary>
    public string? SourceRepositoryType { get; set; }

    public string? SourceRepositoryUrl { get; set; }

    public string? SourceBranchName { get; set; }

    public string? SourceRevisionId { get; set; }

    public string? SignPathServiceUnavailableTimeout { get; set; }

    public string? CosignPublicKey { get; set; }

    /// <summary>Before push: path or PEM of the root certificate every Notation signature's x5c chain must end in.</summary>
    public string? NotationRootCertificate { get; set; }

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
