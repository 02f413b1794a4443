using System.Text.Json;

namespace SignPath.Docker.Build.Oci;

/// <summary>
/// How OCI JSON is read here: strictly (no duplicate names, which different parsers resolve differently, so a
/// signature could cover one meaning and a registry act on another), and with a size limit checked first.
/// </summary>
internal static class OciJson
{
    public static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 32 };

    /// <summary>Writes '+' and other non-HTML-safe characters as they are ("v1+json", not "v1\u002Bjson"), as Go and other tools do.</summary>
    public static readonly JsonWriterOptions Writer = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static JsonDocument Parse(ReadOnlyMemory<byte> json, string what, long maxBytes)
    {
        if (json.Length > maxBytes)
        {
            throw new OciFormatException($"{what} is {json.Length} bytes (at most {maxBytes} expected)");
        }

        try
        {
            return JsonDocument.Parse(json, Strict);
        }
        catch (JsonException e)
        {
            throw new OciFormatException($"{what} is not valid JSON ({e.Message})", e);
        }
    }

    internal static int SchemaVersion(JsonElement root, string what) =>
        root.TryGetProperty("schemaVersion", out var version) && version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var value)
            ? value
            : throw new OciFormatException($"{what} has no schemaVersion");

    internal static IReadOnlyList<OciDescriptor> Descriptors(JsonElement root, string name, string what, bool required)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new OciFormatException($"{what} has no {name}") : [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new OciFormatException($"{what} has {name} that is not an array");
        }

        var result = new List<OciDescriptor>(array.GetArrayLength());
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result.Add(OciDescriptor.Parse(item, $"{what} {name}[{i++}]"));
        }

        return result;
    }

    internal static OciDescriptor? OptionalDescriptor(JsonElement root, string name, string what) =>
        root.TryGetProperty(name, out var element) && element.ValueKind != JsonValueKind.Null
            ? OciDescriptor.Parse(element, $"{what} {name}")
            : null;
}
