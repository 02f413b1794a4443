using System.Text.Json;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Notation;

/// <summary>
/// The Notary Project signature payload (signature-specification.md, "Payload"):
/// <c>{"targetArtifact": &lt;descriptor&gt;}</c>, content type <c>application/vnd.cncf.notary.payload.v1+json</c>.
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-specification.md.
/// </summary>
public static class NotationPayload
{
    public const string ContentType = "application/vnd.cncf.notary.payload.v1+json";

    /// <summary>The payload notation writes: media type, digest and size of the target (annotations only when given).</summary>
    public static byte[] Create(OciDescriptor target)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, OciJson.Writer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("targetArtifact");
            new OciDescriptor(target.MediaType, target.Digest, target.Size) { Annotations = target.Annotations }.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static OciDescriptor ReadTarget(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("targetArtifact", out var target))
            {
                throw new NotationFormatException("the payload has no targetArtifact");
            }

            return OciDescriptor.Parse(target, "targetArtifact");
        }
        catch (Exception e) when (e is JsonException or OciFormatException)
        {
            throw new NotationFormatException($"the payload is not a Notary Project payload ({e.Message})", e);
        }
    }
}
