using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Registry.Copy;

/// <summary>
/// What a manifest or index points at, as far as a copy needs it: the blobs and the manifests that must be in the
/// registry before it, its <c>subject</c>, and the artifact type and annotations a referrers index entry carries.
/// Parsing is <see cref="OciImageManifest"/>'s and <see cref="OciImageIndex"/>'s.
/// Spec: https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md, https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md.
/// </summary>
internal sealed record ManifestLinks(
    IReadOnlyList<ManifestDescriptor> Blobs,
    IReadOnlyList<ManifestDescriptor> Manifests,
    ManifestDescriptor? Subject,
    string? ArtifactType,
    IReadOnlyDictionary<string, string> Annotations)
{
    public static ManifestLinks Parse(byte[] content, ManifestDescriptor descriptor)
    {
        try
        {
            if (OciMediaTypes.IsIndex(descriptor.MediaType))
            {
                var index = OciImageIndex.Parse(content, descriptor.MediaType);
                return new ManifestLinks([], [.. index.Manifests.Select(Of)], index.Subject is { } s ? Of(s) : null, index.ArtifactType, index.Annotations ?? Empty);
            }

            var manifest = OciImageManifest.Parse(content, descriptor.MediaType);
            return new ManifestLinks([.. manifest.Children.Select(Of)], [], manifest.Subject is { } subject ? Of(subject) : null, manifest.EffectiveArtifactType, manifest.Annotations ?? Empty);
        }
        catch (OciFormatException e)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidOciLayout,
                $"Manifest {descriptor.Digest} is not a valid OCI manifest or index ({e.Message}).",
                "The image layout is damaged; nothing was tagged.",
                e);
        }
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static ManifestDescriptor Of(OciDescriptor descriptor) => new(descriptor.MediaType, descriptor.Digest, descriptor.Size);
}
