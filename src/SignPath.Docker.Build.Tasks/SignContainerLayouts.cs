using Microsoft.Build.Framework;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Sign before push: has SignPath sign the OCI image layouts PublishContainer wrote, in one signing request, checks
/// and verifies what comes back, and pushes images, signatures and then tags (<see cref="BeforePushSigningFlow"/>).
/// </summary>
public sealed class SignContainerLayouts : SigningRequestTask
{
    /// <summary>OCI image layout tars; metadata Registry, Repository and optionally MountFrom (the base image's repository).</summary>
    public ITaskItem[] Layouts { get; set; } = [];

    /// <summary>The solution targets' form of the same: registry/repository|mount-from|path.</summary>
    public ITaskItem[] LayoutSpecs { get; set; } = [];

    public string? SignPathOciLayoutArtifactConfigurationSlug { get; set; }

    /// <summary>Path of a PEM root certificate (or the PEM text itself) every Notation signature's chain must end in.</summary>
    public string? NotationRootCertificate { get; set; }

    [Output]
    public ITaskItem[] SignedImages { get; private set; } = [];

    protected override async System.Threading.Tasks.Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        var layouts = Layouts
            .Select(l => LayoutInput.Create(l.ItemSpec, l.GetMetadata("Registry"), l.GetMetadata("Repository"), l.GetMetadata("MountFrom")))
            .Concat(LayoutSpecs.Select(s => LayoutInput.Parse(s.ItemSpec)))
            .DistinctBy(l => (l.Path, l.Target))
            .ToList();
        var inputs = SigningInputs() with
        {
            SignPathOciLayoutArtifactConfigurationSlug = SignPathOciLayoutArtifactConfigurationSlug,
            NotationRootCertificate = NotationRootCertificate,
        };
        var result = await BeforePushSigningFlow.RunAsync(layouts, inputs, log, cancellationToken);
        SignedImages = [.. result.Images.Select(ImageTaskItems.Output)];
        SetPublicKeyFile(result.PublicKeyFile);
    }
}
