using Microsoft.Build.Framework;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Sign before push: has SignPath sign the OCI image layouts PublishContainer wrote, in one signing request, checks
/// and verifies what comes back, and pushes images, signatures and then tags (<see cref="BeforePushSigningFlow"/>).
/// </summary>
public sealed class SignContainerLayouts : SignPathDockerTask
{
    /// <summary>OCI image layout tars; metadata Registry, Repository and optionally MountFrom (the base image's repository).</summary>
    public ITaskItem[] Layouts { get; set; } = [];

    /// <summary>The solution targets' form of the same: registry/repository|mount-from|path.</summary>
    public ITaskItem[] LayoutSpecs { get; set; } = [];

    /// <summary>"notation", "cosign" or both separated by ';' (default both).</summary>
    public string? SignatureFormats { get; set; }

    public string? SignPathApiUrl { get; set; }

    public string? SignPathOrganizationId { get; set; }

    /// <summary>Prefer the SIGNPATH_API_TOKEN environment variable: task parameters end up in binary logs.</summary>
    public string? SignPathApiToken { get; set; }

    public string? SignPathProjectSlug { get; set; }

    public string? SignPathSigningPolicySlug { get; set; }

    public string? SignPathOciLayoutArtifactConfigurationSlug { get; set; }

    public string? SignPathDescription { get; set; }

    /// <summary>Seconds, or a TimeSpan such as 00:10:00.</summary>
    public string? SignPathWaitForCompletionTimeout { get; set; }

    /// <summary>How often, in seconds, to report while the signing request waits (approval).</summary>
    public string? SignPathProgressInterval { get; set; }

    /// <summary>Path of a PEM public key (or the PEM text itself) every cosign signature must verify with.</summary>
    public string? CosignPublicKey { get; set; }

    /// <summary>Path of a PEM root certificate (or the PEM text itself) every Notation signature's chain must end in.</summary>
    public string? NotationRootCertificate { get; set; }

    /// <summary>Registries that may be reached over plain HTTP besides loopback, ';' or ',' separated.</summary>
    public string? InsecureRegistries { get; set; }

    [Output]
    public ITaskItem[] SignedImages { get; private set; } = [];

    protected override async System.Threading.Tasks.Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        var layouts = Layouts
            .Select(l => LayoutInput.Create(l.ItemSpec, l.GetMetadata("Registry"), l.GetMetadata("Repository"), l.GetMetadata("MountFrom")))
            .Concat(LayoutSpecs.Select(s => LayoutInput.Parse(s.ItemSpec)))
            .DistinctBy(l => (l.Path, l.Target))
            .ToList();
        var signed = await BeforePushSigningFlow.RunAsync(layouts, Inputs(), log, cancellationToken);
        SignedImages = [.. signed.Select(ImageTaskItems.Output)];
    }

    private ContainerSigningInputs Inputs() => new()
    {
        SignatureFormats = SignatureFormats,
        SignPathApiUrl = SignPathApiUrl,
        SignPathOrganizationId = SignPathOrganizationId,
        SignPathApiToken = SignPathApiToken,
        SignPathProjectSlug = SignPathProjectSlug,
        SignPathSigningPolicySlug = SignPathSigningPolicySlug,
        SignPathOciLayoutArtifactConfigurationSlug = SignPathOciLayoutArtifactConfigurationSlug,
        SignPathDescription = SignPathDescription,
        SignPathWaitForCompletionTimeout = SignPathWaitForCompletionTimeout,
        SignPathProgressInterval = SignPathProgressInterval,
        CosignPublicKey = CosignPublicKey,
        NotationRootCertificate = NotationRootCertificate,
        InsecureRegistries = InsecureRegistries,
    };
}
