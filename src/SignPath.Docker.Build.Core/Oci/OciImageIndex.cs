using System.Text.Json;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Oci;

/// <summary>
/// An image index (https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md), also a Docker manifest
/// list, and the <c>index.json</c> of an OCI image layout, which is an image index too.
/// </summary>
public sealed class OciImageIndex
{
    public const long MaxBytes = 4 * 1024 * 1024;

    private OciImageIndex(byte[] content, string mediaType, IReadOnlyList<OciDescriptor> manifests)
    {
        Content = content;
        MediaType = mediaType;
        Manifests = manifests;
    }

    /// <summary>The bytes the digest covers.</summary>
    public byte[] Content { get; }

    public string Digest => ContentDigest.Sha256(Content);

    public string MediaType { get; }

    public IReadOnlyList<OciDescriptor> Manifests { get; }

    public string? ArtifactType { get; private init; }

    public OciDescriptor? Subject { get; private init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; private init; }

    public static OciImageIndex Parse(byte[] content, string? describedAs = null, string what = "image index")
    {
        ArgumentNullException.ThrowIfNull(content);
        using var document = OciJson.Parse(content, what, MaxBytes);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || OciJson.SchemaVersion(root, what) != 2)
        {
            throw new OciFormatException($"{what} is not a schemaVersion 2 object");
        }

        var mediaType = OciDescriptor.OptionalString(root, "mediaType", what) ?? describedAs ?? OciMediaTypes.ImageIndex;
        if (!OciMediaTypes.IsIndex(mediaType) || (describedAs is not null && describedAs != mediaType))
        {
            throw new OciFormatException($"{what} has media type '{mediaType}', expected {describedAs ?? "an image index"}");
        }

        return new OciImageIndex(content, mediaType, OciJson.Descriptors(root, "manifests", what, required: true))
        {
            ArtifactType = OciDescriptor.OptionalString(root, "artifactType", what),
            Subject = OciJson.OptionalDescriptor(root, "subject", what),
            Annotations = OciDescriptor.ParseAnnotations(root, what),
        };
    }

    /// <summary>An OCI image index with these entries, as index.json or a referrers index is written.</summary>
    public static byte[] Write(IEnumerable<OciDescriptor> manifests, IReadOnlyDictionary<string, string>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, OciJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", OciMediaTypes.ImageIndex);
            writer.WriteStartArray("manifests");
            foreach (var manifest in manifests)
            {
                manifest.WriteTo(writer);
            }

            writer.WriteEndArray();
            OciDescriptor.WriteAnnotations(writer, annotations);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
