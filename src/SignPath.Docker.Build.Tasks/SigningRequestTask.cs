using Microsoft.Build.Framework;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Tasks that submit signing requests to SignPath (after push and before push). They take the same SignPath,
/// origin and verification properties, so both modes send the same origin and parameters and check signatures
/// against the same key, and the targets wire them identically.
/// </summary>
public abstract class SigningRequestTask : SignPathDockerTask
{
    /// <summary>Signature formats separated by ';' (after push: cosign, notary; before push: notation, cosign).</summary>
    public string? SignatureFormats { get; set; }

    public string? SignPathApiUrl { get; set; }

    public string? SignPathOrganizationId { get; set; }

    /// <summary>Prefer the SIGNPATH_API_TOKEN environment variable: task parameters end up in binary logs.</summary>
    public string? SignPathApiToken { get; set; }

    public string? SignPathProjectSlug { get; set; }

    public string? SignPathSigningPolicySlug { get; set; }

    public string? SignPathDescription { get; set; }

    /// <summary>Seconds, or a TimeSpan such as 00:10:00.</summary>
    public string? SignPathWaitForCompletionTimeout { get; set; }

    /// <summary>How often, in seconds, to report while the signing request waits (approval).</summary>
    public string? SignPathProgressInterval { get; set; }

    /// <summary>Seconds (or a TimeSpan) one SignPath call keeps retrying while SignPath is unreachable or answers 429/5xx.</summary>
    public string? SignPathServiceUnavailableTimeout { get; set; }

    /// <summary>Artifact configuration parameters: identity = name, metadata Value = value; sent as Parameters.&lt;name&gt;.</summary>
    public ITaskItem[] SignPathParameters { get; set; } = [];

    /// <summary>Origin overrides; each wins over the CI's variables and the source control information.</summary>
    public string? SignPathOriginSourceControlManagementType { get; set; }

    public string? SignPathOriginRepositoryUrl { get; set; }

    public string? SignPathOriginBranchName { get; set; }

    public string? SignPathOriginCommitId { get; set; }

    public string? SignPathOriginBuildUrl { get; set; }

    /// <summary>MSBuild's source control information (Source Link): RepositoryType.</summary>
    public string? SourceRepositoryType { get; set; }

    /// <summary>PrivateRepositoryUrl, RepositoryUrl or ScmRepositoryUrl.</summary>
    public string? SourceRepositoryUrl { get; set; }

    /// <summary>SourceBranchName (a ref such as refs/heads/main).</summary>
    public string? SourceBranchName { get; set; }

    public string? SourceRevisionId { get; set; }

    /// <summary>Path of a PEM public key (or the PEM text itself) every cosign signature must verify with.</summary>
    public string? CosignPublicKey { get; set; }

    /// <summary>Where the public key the cosign signatures were checked with is written, e.g. obj/Release/cosign.pub.</summary>
    public string? CosignPublicKeyFile { get; set; }

    /// <summary>Registries that may be reached over plain HTTP besides loopback, ';' or ',' separated.</summary>
    public string? InsecureRegistries { get; set; }

    /// <summary>The cosign.pub written (see <see cref="CosignPublicKeyFile"/>); empty when none was.</summary>
    [Output]
    public ITaskItem[] PublicKeyFiles { get; protected set; } = [];

    /// <summary>The inputs every signing flow shares; the task adds what only its flow takes.</summary>
    protected ContainerSigningInputs SigningInputs() => new()
    {
        SignatureFormats = SignatureFormats,
        SignPathApiUrl = SignPathApiUrl,
        SignPathOrganizationId = SignPathOrganizationId,
        SignPathApiToken = SignPathApiToken,
        SignPathProjectSlug = SignPathProjectSlug,
        SignPathSigningPolicySlug = SignPathSigningPolicySlug,
        SignPathDescription = SignPathDescription,
        SignPathWaitForCompletionTimeout = SignPathWaitForCompletionTimeout,
        SignPathProgressInterval = SignPathProgressInterval,
        SignPathServiceUnavailableTimeout = SignPathServiceUnavailableTimeout,
        SignPathParameters = [.. SignPathParameters.Select(p => new KeyValuePair<string, string>(p.ItemSpec, p.GetMetadata("Value")))],
        SignPathOriginSourceControlManagementType = SignPathOriginSourceControlManagementType,
        SignPathOriginRepositoryUrl = SignPathOriginRepositoryUrl,
        SignPathOriginBranchName = SignPathOriginBranchName,
        SignPathOriginCommitId = SignPathOriginCommitId,
        SignPathOriginBuildUrl = SignPathOriginBuildUrl,
        SourceRepositoryType = SourceRepositoryType,
        SourceRepositoryUrl = SourceRepositoryUrl,
        SourceBranchName = SourceBranchName,
        SourceRevisionId = SourceRevisionId,
        CosignPublicKey = CosignPublicKey,
        CosignPublicKeyFile = CosignPublicKeyFile,
        InsecureRegistries = InsecureRegistries,
    };

    protected void SetPublicKeyFile(string? path) =>
        PublicKeyFiles = path is null ? [] : [new Microsoft.Build.Utilities.TaskItem(path)];
}
