using System.Text.Json;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Oci;

/// <summary>
/// An OCI content descriptor (https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md):
/// what a manifest, index or index.json says about one piece of content. <c>urls</c> are not supported:
/// content that lives elsewhere cannot be signed from a layout.
/// </summary>
public sealed record OciDescriptor(string MediaType, string Digest, long Size)
{
    public string? ArtifactType { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public OciPlatform? Platform { get; init; }

    /// <summary>Embedded content (<c>data</c>, base64 in JSON); optional, must match the digest when present.</summary>
    public byte[]? Data { get; init; }

    /// <summary>The <c>org.opencontainers.image.ref.name</c> annotation: the tag in an OCI layout's index.json.</summary>
    public string? RefName => Annotations?.GetValueOrDefault(OciMediaTypes.RefNameAnnotation);

    /// <summary>The descriptor of <paramref name="content"/> (sha256).</summary>
    public static OciDescriptor For(string mediaType, ReadOnlySpan<byte> content) =>
        new(mediaType, ContentDigest.Sha256(content), content.Length);

    /// <summary>The empty descriptor (config of artifacts that have none).</summary>
    public static OciDescriptor Empty { get; } = new(OciMediaTypes.Empty, OciMediaTypes.EmptyDigest, OciMediaTypes.EmptySize);

    /// <summary>True when both describe the same content the way a verifier compares them: media type, digest and size.</summary>
    public bool SameTarget(OciDescriptor other) =>
        other is not null &&
        string.Equals(MediaType, other.MediaType, StringComparison.Ordinal) &&
        string.Equals(Digest, other.Digest, StringComparison.Ordinal) &&
        Size == other.Size;

    public static OciDescriptor Parse(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new OciFormatException($"{where} is not a descriptor object");
        }

        var mediaType = RequiredString(element, "mediaType", where);
        var digest = RequiredString(element, "digest", where);
        if (!ContentDigest.IsValid(digest))
        {
            throw new OciFormatException($"{where} has an invalid digest '{digest}'");
        }

        if (!element.TryGetProperty("size", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number ||
            !sizeElement.TryGetInt64(out var size) || size < 0)
        {
            throw new OciFormatException($"{where} has no valid size");
        }

        if (element.TryGetProperty("urls", out var urls) && urls.ValueKind == JsonValueKind.Array && urls.GetArrayLength() > 0)
        {
            throw new OciFormatException($"{where} refers to external content (urls), which cannot be signed from a layout");
        }

        byte[]? data = null;
        if (element.TryGetProperty("data", out var dataElement))
        {
            if (dataElement.ValueKind != JsonValueKind.String || !dataElement.TryGetBytesFromBase64(out data) ||
                data.Length != size || !ContentDigest.Matches(digest, data))
            {
                throw new OciFormatException($"{where} has embedded data that does not match its digest and size");
            }
        }

        return new OciDescriptor(mediaType, digest, size)
        {
            ArtifactType = OptionalString(element, "artifactType", where),
            Annotations = ParseAnnotations(element, where),
            Platform = ParsePlatform(element, where),
            Data = data,
        };
    }

    /// <summary>Writes the descriptor with the field names and order of the image spec's examples.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("mediaType", MediaType);
        writer.WriteString("digest", Digest);
        writer.WriteNumber("size", Size);
        if (Data is not null)
        {
            writer.WriteBase64String("data", Data);
        }

        if (ArtifactType is not null)
        {
            writer.WriteString("artifactType", ArtifactType);
        }

        if (Platform is not null)
        {
            writer.WriteStartObject("platform");
            if (Platform.Architecture is not null)
            {
                writer.WriteString("architecture", Platform.Architecture);
            }

            if (Platform.Os is not null)
            {
                writer.WriteString("os", Platform.Os);
            }

            if (Platform.OsVersion is not null)
            {
                writer.WriteString("os.version", Platform.OsVersion);
            }

            if (Platform.OsFeatures is not null)
            {
                writer.WriteStartArray("os.features");
                foreach (var feature in Platform.OsFeatures)
                {
                    writer.WriteStringValue(feature);
                }

                writer.WriteEndArray();
            }

            if (Platform.Variant is not null)
            {
                writer.WriteString("variant", Platform.Variant);
            }

            writer.WriteEndObject();
        }

        WriteAnnotations(writer, Annotations);
        writer.WriteEndObject();
    }

    internal static void WriteAnnotations(Utf8JsonWriter writer, IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is null)
        {
            return;
        }

        writer.WriteStartObject("annotations");
        foreach (var (key, value) in annotations)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    internal static IReadOnlyDictionary<string, string>? ParseAnnotations(JsonElement element, string where)
    {
        if (!element.TryGetProperty("annotations", out var annotations) || annotations.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (annotations.ValueKind != JsonValueKind.Object)
        {
            throw new OciFormatException($"{where} has annotations that are not an object");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in annotations.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new OciFormatException($"{where} has annotation '{property.Name}' that is not a string");
            }

            result[property.Name] = property.Value.GetString()!;
        }

        return result;
    }

    internal static string RequiredString(JsonElement element, string name, string where) =>
        OptionalString(element, name, where) ?? throw new OciFormatException($"{where} has no {name}");

    internal static string? OptionalString(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new OciFormatException($"{where} has a {name} that is not a string");
    }

    private static OciPlatform? ParsePlatform(JsonElement element, string where)
    {
        if (!element.TryGetProperty("platform", out var platform) || platform.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var what = where + " platform";
        List<string>? features = null;
        if (platform.TryGetProperty("os.features", out var featureArray) && featureArray.ValueKind == JsonValueKind.Array)
        {
            features = [.. featureArray.EnumerateArray().Select(f => f.GetString() ?? throw new OciFormatException($"{what} has a non-string os.features entry"))];
        }

        return new OciPlatform(OptionalString(platform, "architecture", what), OptionalString(platform, "os", what))
        {
            Variant = OptionalString(platform, "variant", what),
            OsVersion = OptionalString(platform, "os.version", what),
            OsFeatures = features,
        };
    }
}
