using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Registry.Copy;

/// <summary>
/// What a manifest or index points at, as far as a copy needs it: the children that must be in the registry
/// before it (config and layers, or the index's manifests), its <c>subject</c>, and the artifact type and
/// annotations a referrers index entry carries (image-spec v1.1 manifest.md, image-index.md).
/// </summary>
public sealed record ManifestLinks(
    IReadOnlyList<ManifestDescriptor> Blobs,
    IReadOnlyList<ManifestDescriptor> Manifests,
    ManifestDescriptor? Subject,
    string? ArtifactType,
    IReadOnlyDictionary<string, string> Annotations)
{
    public static ManifestLinks Parse(byte[] content, string digest)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("not a JSON object");
            }

            var blobs = new List<ManifestDescriptor>();
            if (root.TryGetProperty("config", out var config))
            {
                blobs.Add(Descriptor(config));
            }

            blobs.AddRange(Array(root, "layers"));
            var subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.Object ? Descriptor(s) : null;
            var artifactType = root.TryGetProperty("artifactType", out var a) && a.ValueKind == JsonValueKind.String
                ? a.GetString()
                : config.ValueKind == JsonValueKind.Object ? config.GetProperty("mediaType").GetString() : null;
            var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("annotations", out var found) && found.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in found.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                {
                    annotations[property.Name] = property.Value.GetString()!;
                }
            }

            return new ManifestLinks(blobs, Array(root, "manifests"), subject, artifactType, annotations);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidSignedArtifact,
                $"Manifest {digest} is not a valid OCI manifest or index ({e.Message}).",
                "The image layout is damaged; nothing was pushed for it.",
                e);
        }
    }

    private static List<ManifestDescriptor> Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Select(Descriptor)]
            : [];

    private static ManifestDescriptor Descriptor(JsonElement element) => new(
        element.GetProperty("mediaType").GetString() ?? throw new JsonException("descriptor without mediaType"),
        ContentDigest.IsValid(element.GetProperty("digest").GetString()) ? element.GetProperty("digest").GetString()! : throw new JsonException("descriptor with an invalid digest"),
        element.GetProperty("size").GetInt64() is >= 0 and var size ? size : throw new JsonException("descriptor with a negative size"));
}
