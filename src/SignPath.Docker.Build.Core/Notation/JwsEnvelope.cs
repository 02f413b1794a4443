using System.Buffers.Text;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Notation;

/// <summary>
/// A Notary Project signature envelope in JWS JSON flattened serialization, media type <c>application/jose+json</c>
/// (https://github.com/notaryproject/specifications/blob/main/specs/signature-envelope-jws.md): base64url (unpadded)
/// payload and protected header, unprotected header with <c>x5c</c> (standard base64 DER, leaf first, root last),
/// base64url signature over <c>ASCII(protected + "." + payload)</c>.
/// </summary>
public sealed class JwsEnvelope : INotationEnvelope
{
    public const string MediaType = "application/jose+json";
    public const string SigningAgentKey = "io.cncf.notary.signingAgent";
    public const string TimestampSignatureKey = "io.cncf.notary.timestampSignature";
    public const int MaxBytes = 1024 * 1024;

    private JwsEnvelope(string protectedText, string payloadText, byte[] signature, IReadOnlyList<X509Certificate2> chain, string? signingAgent, bool timestamped)
    {
        ProtectedText = protectedText;
        PayloadText = payloadText;
        Signature = signature;
        CertificateChain = chain;
        SigningAgent = signingAgent;
        HasTimestamp = timestamped;
        Header = JwsProtectedHeader.Parse(Base64UrlDecode(protectedText, "protected"));
        Payload = Base64UrlDecode(payloadText, "payload");
    }

    public JwsProtectedHeader Header { get; }

    public byte[] Payload { get; }

    public byte[] Signature { get; }

    /// <summary>x5c: leaf first, root last.</summary>
    public IReadOnlyList<X509Certificate2> CertificateChain { get; }

    public string? SigningAgent { get; }

    /// <summary>True when an RFC 3161 countersignature is attached (not verified here: without it, the chain must be valid now).</summary>
    public bool HasTimestamp { get; }

    /// <summary>The bytes the signature covers: <c>ASCII(BASE64URL(protected) || '.' || BASE64URL(payload))</c> (RFC 7515 §5.1).</summary>
    public byte[] SigningInput => Encoding.ASCII.GetBytes(ProtectedText + "." + PayloadText);

    string INotationEnvelope.Algorithm => Header.Algorithm;

    string INotationEnvelope.ContentType => Header.ContentType;

    DateTimeOffset INotationEnvelope.SigningTime => Header.SigningTime;

    DateTimeOffset? INotationEnvelope.Expiry => Header.Expiry;

    IEnumerable<string> INotationEnvelope.CriticalExtendedAttributes => Header.CriticalExtendedAttributes;

    private string ProtectedText { get; }

    private string PayloadText { get; }

    bool INotationEnvelope.VerifySignature() => JwsAlgorithm.Verify(Header.Algorithm, CertificateChain[0], SigningInput, Signature);

    public static JwsEnvelope Parse(byte[] envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Length > MaxBytes)
        {
            throw new NotationFormatException($"the envelope is {envelope.Length} bytes (at most {MaxBytes} expected)");
        }

        // JsonDocument checks UTF-8 only when a string is read, and then throws InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(envelope))
        {
            throw new NotationFormatException("the envelope is not UTF-8");
        }

        try
        {
            using var document = JsonDocument.Parse(envelope, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new NotationFormatException("the envelope is not a JSON object");
            }

            var header = root.TryGetProperty("header", out var h) && h.ValueKind == JsonValueKind.Object
                ? h
                : throw new NotationFormatException("the envelope has no unprotected header");
            if (!header.TryGetProperty("x5c", out var x5c) || x5c.ValueKind != JsonValueKind.Array || x5c.GetArrayLength() == 0)
            {
                throw new NotationFormatException("the envelope has no x5c certificate chain");
            }

            if (x5c.GetArrayLength() > 10)
            {
                throw new NotationFormatException("the x5c chain has more than 10 certificates");
            }

            var chain = new List<X509Certificate2>();
            foreach (var item in x5c.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || !item.TryGetBytesFromBase64(out var der))
                {
                    throw new NotationFormatException("an x5c entry is not base64");
                }

                chain.Add(X509CertificateLoader.LoadCertificate(der));
            }

            var signature = Base64UrlDecode(RequiredString(root, "signature"), "signature");
            var signingAgent = header.TryGetProperty(SigningAgentKey, out var agent) && agent.ValueKind == JsonValueKind.String ? agent.GetString() : null;
            return new JwsEnvelope(
                RequiredString(root, "protected"),
                RequiredString(root, "payload"),
                signature,
                chain,
                signingAgent,
                header.TryGetProperty(TimestampSignatureKey, out _));
        }
        catch (JsonException e)
        {
            throw new NotationFormatException($"the envelope is not valid JSON ({e.Message})", e);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new NotationFormatException($"an x5c certificate cannot be read ({e.Message})", e);
        }
    }

    /// <summary>
    /// Builds an envelope as notation does: <paramref name="sign"/> gets the signing input and returns the signature in
    /// JWS form (r||s for ES*, PSS for PS*).
    /// </summary>
    public static byte[] Create(byte[] protectedHeader, byte[] payload, IReadOnlyList<X509Certificate2> chain, Func<byte[], byte[]> sign, string? signingAgent = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(sign);
        var protectedText = Base64Url.EncodeToString(protectedHeader);
        var payloadText = Base64Url.EncodeToString(payload);
        var signature = sign(Encoding.ASCII.GetBytes(protectedText + "." + payloadText));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, OciJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("payload", payloadText);
            writer.WriteString("protected", protectedText);
            writer.WriteStartObject("header");
            writer.WriteStartArray("x5c");
            foreach (var certificate in chain)
            {
                writer.WriteBase64StringValue(certificate.RawData);
            }

            writer.WriteEndArray();
            if (signingAgent is not null)
            {
                writer.WriteString(SigningAgentKey, signingAgent);
            }

            writer.WriteEndObject();
            writer.WriteString("signature", Base64Url.EncodeToString(signature));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string RequiredString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new NotationFormatException($"the envelope has no {name}");

    /// <summary>Unpadded base64url only, as Go's base64.RawURLEncoding decodes it.</summary>
    private static byte[] Base64UrlDecode(string text, string what)
    {
        if (text.Length % 4 == 1 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new NotationFormatException($"the {what} is not unpadded base64url");
        }

        return Base64Url.DecodeFromChars(text);
    }
}
