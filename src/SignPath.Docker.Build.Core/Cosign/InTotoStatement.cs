using System.Text.Json;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// The in-toto v1 Statement <c>cosign sign</c> (v3) signs for an image
/// (https://github.com/in-toto/attestation/blob/v1.0/spec/v1/statement.md; cosign cmd/cosign/cli/sign/sign.go
/// signDigestBundle): one subject with the image's sha256, predicateType <c>https://sigstore.dev/cosign/sign/v1</c>,
/// an empty predicate.
/// </summary>
public static class InTotoStatement
{
    public const string PayloadType = "application/vnd.in-toto+json";
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string CosignSignPredicateType = "https://sigstore.dev/cosign/sign/v1";

    /// <summary>Written in protojson field order, as cosign writes it (sigstore-go parses it strictly: no unknown fields).</summary>
    public static byte[] ForImage(string imageDigest)
    {
        var (algorithm, hex) = Registry.ContentDigest.Split(imageDigest);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, OciJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("_type", StatementType);
            writer.WriteStartArray("subject");
            writer.WriteStartObject();
            writer.WriteStartObject("digest");
            writer.WriteString(algorithm, hex);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteString("predicateType", CosignSignPredicateType);
            writer.WriteStartObject("predicate");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The sha256 digests the statement's subjects name (what <c>cosign verify</c>'s claim check compares with the image),
    /// and its predicate type. Refuses anything that is not an in-toto v1 statement.
    /// </summary>
    public static (IReadOnlyList<string> SubjectDigests, string PredicateType) Read(byte[] statement)
    {
        try
        {
            using var document = JsonDocument.Parse(statement, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("_type", out var type) || type.GetString() != StatementType ||
                !root.TryGetProperty("subject", out var subjects) || subjects.ValueKind != JsonValueKind.Array ||
                !root.TryGetProperty("predicateType", out var predicateType) || predicateType.ValueKind != JsonValueKind.String)
            {
                throw new CosignBundleException("the DSSE payload is not an in-toto v1 statement");
            }

            var digests = new List<string>();
            foreach (var subject in subjects.EnumerateArray())
            {
                if (subject.ValueKind == JsonValueKind.Object && subject.TryGetProperty("digest", out var digest) &&
                    digest.ValueKind == JsonValueKind.Object && digest.TryGetProperty("sha256", out var sha256) &&
                    sha256.ValueKind == JsonValueKind.String)
                {
                    digests.Add("sha256:" + sha256.GetString());
                }
            }

            return (digests, predicateType.GetString()!);
        }
        catch (JsonException e)
        {
            throw new CosignBundleException($"the DSSE payload is not JSON ({e.Message})", e);
        }
    }
}
