using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Oci;

/// <summary>
/// An image manifest (https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md), also in its Docker v2
/// schema 2 form, which has the same shape. Signature artifacts are image manifests with a <see cref="Subject"/>.
/// </summary>
public sealed class OciImageManifest
{
    public const long MaxBytes = 4 * 1024 * 1024;

    private OciImageManifest(byte[] content, string mediaType, OciDescriptor config, IReadOnlyList<OciDescriptor> layers)
    {
        Content = content;
        MediaType = mediaType;
        Config = config;
        Layers = layers;
    }

    /// <summary>The bytes the digest covers.</summary>
    public byte[] Content { get; }

    public string Digest => ContentDigest.Sha256(Content);

    public string MediaType { get; }

    public OciDescriptor Config { get; }

    public IReadOnlyList<OciDescriptor> Layers { get; }

    public string? ArtifactType { get; private init; }

    public OciDescriptor? Subject { get; private init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; private init; }

    /// <summary>The artifact type as OCI 1.1 defines it: <c>artifactType</c>, else the config's media type.</summary>
    public string EffectiveArtifactType => ArtifactType ?? Config.MediaType;

    /// <summary>Every descriptor this manifest refers to (config, layers; not the subject, which it points back at).</summary>
    public IEnumerable<OciDescriptor> Children => Layers.Prepend(Config);

    /// <param name="content">The manifest bytes.</param>
    /// <param name="describedAs">The media type of the descriptor that pointed here, used when the manifest omits its own.</param>
    public static OciImageManifest Parse(byte[] content, string? describedAs = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        const string what = "image manifest";
        using var document = OciJson.Parse(content, what, MaxBytes);
        var root = document.RootElement;
        if (root.ValueKind != System.Text.Json.JsonValueKind.Object || OciJson.SchemaVersion(root, what) != 2)
        {
            throw new OciFormatException($"{what} is not a schemaVersion 2 object");
        }

        var mediaType = OciDescriptor.OptionalString(root, "mediaType", what) ?? describedAs ?? OciMediaTypes.ImageManifest;
        if (!OciMediaTypes.IsManifest(mediaType) || (describedAs is not null && describedAs != mediaType))
        {
            throw new OciFormatException($"{what} has media type '{mediaType}', expected {describedAs ?? "an image manifest"}");
        }

        var config = OciJson.OptionalDescriptor(root, "config", what) ?? throw new OciFormatException($"{what} has no config");
        return new OciImageManifest(content, mediaType, config, OciJson.Descriptors(root, "layers", what, required: true))
        {
            ArtifactType = OciDescriptor.OptionalString(root, "artifactType", what),
            Subject = OciJson.OptionalDescriptor(root, "subject", what),
            Annotations = OciDescriptor.ParseAnnotations(root, what),
        };
    }
}
