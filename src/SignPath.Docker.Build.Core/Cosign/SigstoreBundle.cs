using System.Security.Cryptography;
using System.Text.Json;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// A Sigstore bundle v0.3 with a DSSE envelope and a public-key hint, as <c>cosign sign --key</c> (v3, no Rekor, no TSA)
/// writes it (protobuf-specs protos/sigstore_bundle.proto, envelope.proto; sigstore-go pkg/sign/signer.go). Field names are
/// protobuf-JSON lowerCamelCase; <c>bytes</c> fields are base64 (standard or URL-safe alphabet accepted when reading).
/// Spec: https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto.
/// </summary>
public sealed class SigstoreBundle
{
    public const string MediaTypeV03 = OciMediaTypes.SigstoreBundleV03;
    public const int MaxBytes = 1024 * 1024;

    private SigstoreBundle(string mediaType, string payloadType, byte[] payload, byte[] signature, string? keyHint)
    {
        MediaType = mediaType;
        PayloadType = payloadType;
        Payload = payload;
        Signature = signature;
        KeyHint = keyHint;
    }

    public string MediaType { get; }

    public string PayloadType { get; }

    public byte[] Payload { get; }

    public byte[] Signature { get; }

    /// <summary>verificationMaterial.publicKey.hint: not authenticated; cosign ignores it and uses the key it is given.</summary>
    public string? KeyHint { get; }

    /// <summary>The bytes the signature covers.</summary>
    public byte[] SignedBytes => DssePreAuthEncoding.Encode(PayloadType, Payload);

    /// <summary>cosign's key hint: base64(SHA-256(DER SubjectPublicKeyInfo)) (cosign internal/key/svkeypair.go).</summary>
    public static string KeyHintFor(byte[] subjectPublicKeyInfo) => Convert.ToBase64String(SHA256.HashData(subjectPublicKeyInfo));

    public static byte[] Create(byte[] payload, byte[] signature, string keyHint)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(signature);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, OciJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("mediaType", MediaTypeV03);
            writer.WriteStartObject("verificationMaterial");
            writer.WriteStartObject("publicKey");
            writer.WriteString("hint", keyHint);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("dsseEnvelope");
            writer.WriteBase64String("payload", payload);
            writer.WriteString("payloadType", InTotoStatement.PayloadType);
            writer.WriteStartArray("signatures");
            writer.WriteStartObject();
            writer.WriteBase64String("sig", signature);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a bundle with the shape rules of sigstore-go (pkg/bundle/bundle.go validate) and cosign's loader (v0.3 or later, one DSSE signature).</summary>
    public static SigstoreBundle Parse(byte[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxBytes)
        {
            throw new CosignBundleException($"the bundle is {json.Length} bytes (at most {MaxBytes} expected)");
        }

        try
        {
            using var document = JsonDocument.Parse(json, OciJson.Strict);
            var root = document.RootElement;
            var mediaType = String(root, "mediaType") ?? throw new CosignBundleException("the bundle has no mediaType");
            if (mediaType is not (MediaTypeV03 or "application/vnd.dev.sigstore.bundle+json;version=0.3"))
            {
                throw new CosignBundleException($"bundle media type '{mediaType}' is not v0.3");
            }

            if (!root.TryGetProperty("verificationMaterial", out var material) || material.ValueKind != JsonValueKind.Object)
            {
                throw new CosignBundleException("the bundle has no verificationMaterial");
            }

            string? hint = null;
            if (material.TryGetProperty("publicKey", out var publicKey) && publicKey.ValueKind == JsonValueKind.Object)
            {
                hint = String(publicKey, "hint");
            }
            else if (!material.TryGetProperty("certificate", out _))
            {
                throw new CosignBundleException("the bundle's verificationMaterial is neither a public key nor a certificate");
            }

            if (root.TryGetProperty("messageSignature", out _))
            {
                throw new CosignBundleException("the bundle holds a messageSignature; cosign v3 signs images with a DSSE envelope");
            }

            if (!root.TryGetProperty("dsseEnvelope", out var envelope) || envelope.ValueKind != JsonValueKind.Object)
            {
                throw new CosignBundleException("the bundle has no dsseEnvelope");
            }

            var payloadType = String(envelope, "payloadType") ?? throw new CosignBundleException("the DSSE envelope has no payloadType");
            var payload = Bytes(envelope, "payload");
            if (!envelope.TryGetProperty("signatures", out var signatures) || signatures.ValueKind != JsonValueKind.Array || signatures.GetArrayLength() != 1)
            {
                throw new CosignBundleException("the DSSE envelope must have exactly one signature");
            }

            var signature = Bytes(signatures[0], "sig");
            return new SigstoreBundle(mediaType, payloadType, payload, signature, hint);
        }
        catch (JsonException e)
        {
            throw new CosignBundleException($"the bundle is not valid JSON ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new CosignBundleException($"the bundle has a field of the wrong type ({e.Message})", e);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static byte[] Bytes(JsonElement element, string name)
    {
        var text = String(element, name) ?? throw new CosignBundleException($"the bundle has no {name}");
        try
        {
            return Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
        }
        catch (FormatException e)
        {
            throw new CosignBundleException($"the bundle's {name} is not base64", e);
        }
    }
}
