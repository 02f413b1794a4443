using Microsoft.Build.Framework;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Signs images that are already in a registry, in every requested format, with one SignPath
/// signing request per format. The targets hand it what PublishContainer pushed; users can also
/// give it image references directly.
/// </summary>
public sealed class SignContainerImage : NotaryTask
{
    /// <summary>
    /// Images to sign: item spec registry/repository[:tag][@digest]; optional metadata Digest.
    /// Without a digest the tag is resolved with one HEAD request.
    /// </summary>
    [Required]
    public ITaskItem[] Images { get; set; } = [];

    /// <summary>"cosign", "notary" or both separated by ';'.</summary>
    public string? SignatureFormats { get; set; }

    public string? SignPathApiUrl { get; set; }

    public string? SignPathOrganizationId { get; set; }

    /// <summary>Prefer the SIGNPATH_API_TOKEN environment variable: task parameters end up in binary logs.</summary>
    public string? SignPathApiToken { get; set; }

    public string? SignPathProjectSlug { get; set; }

    public string? SignPathSigningPolicySlug { get; set; }

    public string? SignPathCosignArtifactConfigurationSlug { get; set; }

    public string? SignPathNotaryArtifactConfigurationSlug { get; set; }

    public string? SignPathDescription { get; set; }

    /// <summary>Seconds, or a TimeSpan such as 00:10:00.</summary>
    public string? SignPathWaitForCompletionTimeout { get; set; }

    /// <summary>How often, in seconds, to report while the signing request waits (approval).</summary>
    public string? SignPathProgressInterval { get; set; }

    /// <summary>Seconds (or a TimeSpan) one SignPath call keeps retrying while SignPath is unreachable or answers 429/5xx.</summary>
    public string? SignPathServiceUnavailableTimeout { get; set; }

    /// <summary>Path of a PEM public key (or the PEM text itself) every cosign signature must verify with.</summary>
    public string? CosignPublicKey { get; set; }

    /// <summary>Where the public key the cosign signatures were checked with is written, e.g. obj/Release/cosign.pub.</summary>
    public string? CosignPublicKeyFile { get; set; }

    /// <summary>Items whose identity is the key and metadata Value the value, written into the payload's "optional".</summary>
    public ITaskItem[] CosignAnnotations { get; set; } = [];

    /// <summary>How many images are checked and attached at the same time (default 4).</summary>
    public string? SignContainerMaxParallelism { get; set; }

    /// <summary>Registries that may be reached over plain HTTP besides loopback, ';' or ',' separated.</summary>
    public string? InsecureRegistries { get; set; }

    [Output]
    public ITaskItem[] SignedImages { get; private set; } = [];

    /// <summary>The cosign.pub written (see <see cref="CosignPublicKeyFile"/>); empty when none was.</summary>
    [Output]
    public ITaskItem[] PublicKeyFiles { get; private set; } = [];

    protected override async System.Threading.Tasks.Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        var result = await ContainerImageSigner.SignAsync(Inputs(), log, cancellationToken);
        SignedImages = [.. result.Images.Select(ImageTaskItems.Output)];
        PublicKeyFiles = result.PublicKeyFile is { } file ? [new Microsoft.Build.Utilities.TaskItem(file)] : [];
    }

    private ContainerSigningInputs Inputs() => new()
    {
        Images = ImageTaskItems.Inputs(Images),
        SignatureFormats = SignatureFormats,
        SignPathApiUrl = SignPathApiUrl,
        SignPathOrganizationId = SignPathOrganizationId,
        SignPathApiToken = SignPathApiToken,
        SignPathProjectSlug = SignPathProjectSlug,
        SignPathSigningPolicySlug = SignPathSigningPolicySlug,
        SignPathCosignArtifactConfigurationSlug = SignPathCosignArtifactConfigurationSlug,
        SignPathNotaryArtifactConfigurationSlug = SignPathNotaryArtifactConfigurationSlug,
        SignPathDescription = SignPathDescription,
        SignPathWaitForCompletionTimeout = SignPathWaitForCompletionTimeout,
        SignPathProgressInterval = SignPathProgressInterval,
        SignPathServiceUnavailableTimeout = SignPathServiceUnavailableTimeout,
        CosignPublicKey = CosignPublicKey,
        CosignPublicKeyFile = CosignPublicKeyFile,
        CosignAnnotations = CosignAnnotations.ToDictionary(a => a.ItemSpec, a => a.GetMetadata("Value"), StringComparer.Ordinal),
        SignContainerMaxParallelism = SignContainerMaxParallelism,
        InsecureRegistries = InsecureRegistries,
        NotaryUrl = NotaryUrl,
        NotaryUsername = NotaryUsername,
        NotaryPassword = NotaryPassword,
        NotaryDelegationName = NotaryDelegationName,
        NotaryRootCertificate = NotaryRootCertificate,
        NotaryTrustDirectory = NotaryTrustDirectory,
    };
}
