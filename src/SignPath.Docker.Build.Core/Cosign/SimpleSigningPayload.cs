using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// The "simple signing" payload that <c>cosign generate</c> prints and <c>cosign sign</c> signs.
/// The bytes produced here are the bytes SignPath signs and the bytes stored as the signature layer,
/// so they are created once and never re-serialized.
/// Spec: https://github.com/containers/image/blob/main/docs/containers-signature.5.md, https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md.
/// </summary>
public static class SimpleSigningPayload
{
    public const string SignatureType = "cosign container image signature";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Go's encoding/json escapes <, > and & as \u003c etc.; the default encoder does the same,
        // which keeps our bytes identical to cosign's for annotation values with such characters.
        Encoder = JavaScriptEncoder.Default,
        Indented = false,
    };

    /// <summary>
    /// Creates the payload for <paramref name="repository"/>@<paramref name="digest"/>, field for field in
    /// the order Go marshals sigstore's SimpleContainerImage struct. Annotations go into "optional"
    /// sorted by key, as Go marshals a map; without annotations "optional" is null.
    /// </summary>
    public static byte[] Create(RepositoryReference repository, string digest, IReadOnlyDictionary<string, string>? annotations = null)
    {
        ContentDigest.Validate(digest, "image");
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("critical");
            writer.WriteStartObject("identity");
            writer.WriteString("docker-reference", DockerReference(repository));
            writer.WriteEndObject();
            writer.WriteStartObject("image");
            writer.WriteString("docker-manifest-digest", digest);
            writer.WriteEndObject();
            writer.WriteString("type", SignatureType);
            writer.WriteEndObject();
            if (annotations is null || annotations.Count == 0)
            {
                writer.WriteNull("optional");
            }
            else
            {
                writer.WriteStartObject("optional");
                foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// cosign writes go-containerregistry's <c>Repository.Name()</c>, which spells Docker Hub "index.docker.io".
    /// </summary>
    public static string DockerReference(RepositoryReference repository) =>
        repository.Registry == ImageReference.DockerHub
            ? $"index.docker.io/{repository.Repository}"
            : repository.ToString();

    /// <summary>Reads the image digest a payload claims; null when the payload is not a simple-signing document.</summary>
    public static string? ReadClaimedDigest(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            var critical = document.RootElement.GetProperty("critical");
            if (critical.GetProperty("type").GetString() != SignatureType)
            {
                return null;
            }

            return critical.GetProperty("image").GetProperty("docker-manifest-digest").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    internal static string Describe(ReadOnlySpan<byte> payload) => Encoding.UTF8.GetString(payload);
}
