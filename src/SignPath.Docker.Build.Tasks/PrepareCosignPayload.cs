using Microsoft.Build.Framework;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Writes the simple-signing payload for an image digest to a file, exactly as <c>cosign generate</c>
/// would, for pipelines that submit it to SignPath themselves.
/// </summary>
public sealed class PrepareCosignPayload : SignPathDockerTask
{
    /// <summary>registry/repository@sha256:…, or registry/repository[:tag] together with <see cref="Digest"/>.</summary>
    [Required]
    public string ImageReference { get; set; } = string.Empty;

    public string? Digest { get; set; }

    [Required]
    public string PayloadFile { get; set; } = string.Empty;

    public ITaskItem[] Annotations { get; set; } = [];

    [Output]
    public string? PayloadDigest { get; private set; }

    protected override async System.Threading.Tasks.Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        var reference = Registry.ImageReference.Parse(ImageReference);
        var digest = string.IsNullOrEmpty(Digest) ? reference.Digest : ContentDigest.Validate(Digest, "image");
        if (digest is null)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidImageReference,
                $"'{ImageReference}' has no digest; a cosign payload signs a digest, not a tag.",
                "Pass registry/repository@sha256:<hex> or set Digest (PublishContainer's GeneratedContainerDigest).");
        }

        var annotations = Annotations.Length == 0 ? null : Annotations.ToDictionary(a => a.ItemSpec, a => a.GetMetadata("Value"), StringComparer.Ordinal);
        var payload = SimpleSigningPayload.Create(reference.RepositoryReference, digest, annotations);
        var directory = Path.GetDirectoryName(Path.GetFullPath(PayloadFile));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllBytesAsync(PayloadFile, payload, cancellationToken);
        PayloadDigest = ContentDigest.Sha256(payload);
        log.Detail($"Wrote cosign payload for {reference.RepositoryReference}@{digest} to {PayloadFile}.");
    }
}
