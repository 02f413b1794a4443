using Microsoft.Build.Framework;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Signs images that are already in a registry, in every requested format, with one SignPath
/// signing request per format. The targets hand it what PublishContainer pushed; users can also
/// give it image references directly.
/// </summary>
public sealed class SignContainerImage : SigningRequestTask
{
    /// <summary>
    /// Images to sign: item spec registry/repository[:tag][@digest]; optional metadata Digest.
    /// Without a digest the tag is resolved with one HEAD request.
    /// </summary>
    [Required]
    public ITaskItem[] Images { get; set; } = [];

    public string? SignPathCosignArtifactConfigurationSlug { get; set; }

    public string? SignPathNotaryArtifactConfigurationSlug { get; set; }

    /// <summary>Items whose identity is the key and metadata Value the value, written into the payload's "optional".</summary>
    public ITaskItem[] CosignAnnotations { get; set; } = [];

    /// <summary>How many images are checked and attached at the same time (default 4).</summary>
    public string? SignContainerMaxParallelism { get; set; }

    /// <summary>Notary server for Docker Content Trust (default Docker Hub's).</summary>
    public string? NotaryUrl { get; set; }

    public string? NotaryUsername { get; set; }

    /// <summary>Prefer NOTARY_AUTH (base64 user:password): task parameters end up in binary logs.</summary>
    public string? NotaryPassword { get; set; }

    /// <summary>The delegation SignPath's key is registered as (targets/&lt;name&gt;), default "signpath".</summary>
    public string? NotaryDelegationName { get; set; }

    /// <summary>Path (or PEM) of the repository's root certificate to pin; empty: trust on first use.</summary>
    public string? NotaryRootCertificate { get; set; }

    /// <summary>Where roots trusted on first use are recorded (default ~/.signpath/docker-trust).</summary>
    public string? NotaryTrustDirectory { get; set; }

    [Output]
    public ITaskItem[] SignedImages { get; private set; } = [];

    protected override async System.Threading.Tasks.Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        var inputs = SigningInputs() with
        {
            Images = ImageTaskItems.Inputs(Images),
            SignPathCosignArtifactConfigurationSlug = SignPathCosignArtifactConfigurationSlug,
            SignPathNotaryArtifactConfigurationSlug = SignPathNotaryArtifactConfigurationSlug,
            CosignAnnotations = CosignAnnotations.ToDictionary(a => a.ItemSpec, a => a.GetMetadata("Value"), StringComparer.Ordinal),
            SignContainerMaxParallelism = SignContainerMaxParallelism,
            NotaryUrl = NotaryUrl,
            NotaryUsername = NotaryUsername,
            NotaryPassword = NotaryPassword,
            NotaryDelegationName = NotaryDelegationName,
            NotaryRootCertificate = NotaryRootCertificate,
            NotaryTrustDirectory = NotaryTrustDirectory,
        };
        var result = await ContainerImageSigner.SignAsync(inputs, log, cancellationToken);
        SignedImages = [.. result.Images.Select(ImageTaskItems.Output)];
        SetPublicKeyFile(result.PublicKeyFile);
    }
}
