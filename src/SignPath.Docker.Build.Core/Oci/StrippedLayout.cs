using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Oci;

/// <summary>
/// The metadata-only OCI image layout sent to SignPath for every image of a build, like SignPath's <c>sp-oci strip</c>:
/// index.json, every manifest and image index reachable from it, and the configs; layer descriptors stay in the
/// manifests unchanged (so the digests signed are the digests pushed), layer blobs are left out.
/// <para>
/// Several layouts (one per project of a solution) become ONE layout: blobs are content-addressed, so they merge without
/// conflict, and index.json lists every image once per tag with the entries exactly as the SDK wrote them
/// (<c>org.opencontainers.image.ref.name</c> = the tag, <c>io.containerd.image.name</c> = repository:tag). The result is a
/// valid OCI layout any tool reads (<c>oras</c>, <c>skopeo</c>, <c>notation --oci-layout</c>), and SignPath's documented
/// single-file artifact configuration (<c>&lt;oci-image-layout-archive-file&gt;</c> at the root) applies unchanged; a zip of
/// layouts would need a <c>&lt;zip-file&gt;</c> wrapper whose support for containers SignPath does not document.
/// </para>
/// Spec: https://docs.signpath.io/crypto-providers/notation.
/// </summary>
internal sealed class StrippedLayout
{
    private StrippedLayout(byte[] tar, IReadOnlyList<OciDescriptor> images, IReadOnlyDictionary<string, OciManifestEntry> manifests, IReadOnlySet<string> blobs)
    {
        Tar = tar;
        Images = images;
        Manifests = manifests;
        Blobs = blobs;
    }

    /// <summary>The layout tar as sent to the signing service.</summary>
    public byte[] Tar { get; }

    /// <summary>index.json entries: every image once per tag, in the order of the sources.</summary>
    public IReadOnlyList<OciDescriptor> Images { get; }

    /// <summary>Every manifest and image index of the images (roots and platform manifests), by digest.</summary>
    public IReadOnlyDictionary<string, OciManifestEntry> Manifests { get; }

    /// <summary>Digests of every blob in <see cref="Tar"/> (manifests, indexes, configs).</summary>
    public IReadOnlySet<string> Blobs { get; }

    /// <summary>The distinct tags (ref names) of the images, in order: in order.</summary>
    public IReadOnlyList<string> Tags => [.. Images.Select(i => i.RefName).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The first tag that every image carries, or null when they share none. SignPath's <c>tag</c> parameter names
    /// one tag ("The image tag, e.g. latest"); every tag of an image names the same digest, so one shared tag
    /// reaches every image of the request.
    /// </summary>
    public string? SharedTag
    {
        get
        {
            var tagsOfEachImage = Images.GroupBy(i => i.Digest, StringComparer.Ordinal)
                .Select(image => image.Select(i => i.RefName).OfType<string>().ToHashSet(StringComparer.Ordinal))
                .ToList();
            return Tags.FirstOrDefault(tag => tagsOfEachImage.All(tags => tags.Contains(tag)));
        }
    }

    /// <summary>Strips and merges the layouts. Every manifest, index and config must be in its layout; layers need not be.</summary>
    public static async Task<StrippedLayout> CreateAsync(IEnumerable<OciLayoutArchive> layouts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layouts);
        try
        {
            return await StripAsync(layouts, cancellationToken);
        }
        catch (OciFormatException e)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidOciLayout,
                $"The OCI image layout written by PublishContainer cannot be signed: {e.Message}.",
                "Rebuild with ContainerImageFormat=OCI; report the SDK version if it persists.",
                e);
        }
    }

    /// <summary>True when <paramref name="digest"/> is one of the images or platform manifests sent for signing.</summary>
    public bool IsImage(string digest) => Manifests.ContainsKey(digest);

    private static async Task<StrippedLayout> StripAsync(IEnumerable<OciLayoutArchive> layouts, CancellationToken cancellationToken)
    {
        var images = new List<OciDescriptor>();
        var manifests = new Dictionary<string, OciManifestEntry>(StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var writer = new OciLayoutWriter(buffer, leaveOpen: true))
        {
            foreach (var layout in layouts)
            {
                foreach (var entry in await layout.ReadManifestsAsync(cancellationToken))
                {
                    if (!manifests.TryAdd(entry.Digest, entry))
                    {
                        continue;
                    }

                    if (entry.Manifest is { } manifest && !writer.Contains(manifest.Config.Digest))
                    {
                        writer.AddBlob(manifest.Config.MediaType, await ReadConfigAsync(layout, manifest.Config, cancellationToken));
                    }

                    writer.AddBlob(entry.Descriptor.MediaType, entry.Content);
                }

                foreach (var image in layout.Index.Manifests)
                {
                    if (!images.Exists(known => SameEntry(known, image)))
                    {
                        images.Add(image);
                    }
                }
            }

            if (images.Count == 0)
            {
                throw new OciFormatException("the layouts list no image in index.json");
            }

            writer.Complete(images);
        }

        var blobs = new HashSet<string>(manifests.Keys, StringComparer.Ordinal);
        foreach (var manifest in manifests.Values)
        {
            if (manifest.Manifest is { } m)
            {
                blobs.Add(m.Config.Digest);
            }
        }

        return new StrippedLayout(buffer.ToArray(), images, manifests, blobs);
    }

    private static async Task<byte[]> ReadConfigAsync(OciLayoutArchive layout, OciDescriptor config, CancellationToken cancellationToken)
    {
        if (config.Data is { } data)
        {
            return data;
        }

        var content = await layout.ReadBlobAsync(config.Digest, cancellationToken: cancellationToken);
        return content.Length == config.Size
            ? content
            : throw new OciFormatException($"config {config.Digest} is {content.Length} bytes, but its descriptor says {config.Size}");
    }

    private static bool SameEntry(OciDescriptor a, OciDescriptor b) =>
        a.SameTarget(b) &&
        string.Equals(a.RefName, b.RefName, StringComparison.Ordinal) &&
        (a.Annotations ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)
            .SequenceEqual((b.Annotations ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal));
}
