using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;

namespace SignPath.Docker.Build.Notation;

/// <summary>
/// A Notary Project signature envelope as a COSE_Sign1_Tagged message (RFC 9052 §4.2), media type <c>application/cose</c>:
/// embedded payload, protected header as <see cref="CoseProtectedHeader"/>, unprotected <c>x5chain</c> (label 33, RFC 9360)
/// as an array of DER certificates leaf → root, optional <c>io.cncf.notary.signingAgent</c> and
/// <c>io.cncf.notary.timestampSignature</c>. Decoding and the signature over
/// <c>Sig_structure ["Signature1", protected, h'', payload]</c> are Microsoft's System.Security.Cryptography.Cose; the
/// Notary Project rules on top of it are here and in <see cref="NotationSignatureVerifier"/>.
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-envelope-cose.md.
/// </summary>
internal sealed class CoseEnvelope : INotationEnvelope
{
    public const string MediaType = Oci.OciMediaTypes.CoseEnvelope;
    public const int X5ChainLabel = 33;
    public const string SigningAgentKey = "io.cncf.notary.signingAgent";
    public const string TimestampSignatureKey = "io.cncf.notary.timestampSignature";

    /// <summary>CBOR tag 18 (COSE_Sign1) as the first byte: notation-core-go (go-cose) reads only the tagged form.</summary>
    private const byte Sign1Tag = 0xD2;

    private readonly CoseSign1Message message;

    private CoseEnvelope(CoseSign1Message message, CoseProtectedHeader header, byte[] payload, IReadOnlyList<X509Certificate2> chain)
    {
        this.message = message;
        Header = header;
        Payload = payload;
        CertificateChain = chain;
        SigningAgent = message.UnprotectedHeaders.TryGetValue(new CoseHeaderLabel(SigningAgentKey), out var agent) ? TextOrNull(agent) : null;
        HasTimestamp = message.UnprotectedHeaders.ContainsKey(new CoseHeaderLabel(TimestampSignatureKey));
    }

    public CoseProtectedHeader Header { get; }

    public byte[] Payload { get; }

    public IReadOnlyList<X509Certificate2> CertificateChain { get; }

    public string? SigningAgent { get; }

    /// <summary>True when an RFC 3161 countersignature is attached (not verified here: without it, the chain must be valid now).</summary>
    public bool HasTimestamp { get; }

    public string Algorithm => Header.Algorithm;

    public string ContentType => Header.ContentType;

    public DateTimeOffset SigningTime => Header.SigningTime;

    public DateTimeOffset? Expiry => Header.Expiry;

    public IEnumerable<string> CriticalExtendedAttributes => Header.CriticalExtendedAttributes;

    public static CoseEnvelope Parse(byte[] envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Length > JwsEnvelope.MaxBytes)
        {
            throw new NotationFormatException($"the envelope is {envelope.Length} bytes (at most {JwsEnvelope.MaxBytes} expected)");
        }

        if (envelope.Length == 0 || envelope[0] != Sign1Tag)
        {
            throw new NotationFormatException("the envelope is not a COSE_Sign1_Tagged message (CBOR tag 18)");
        }

        CoseSign1Message message;
        try
        {
            message = CoseMessage.DecodeSign1(envelope);
        }
        catch (CryptographicException e)
        {
            throw new NotationFormatException($"the envelope is not a valid COSE_Sign1 message ({e.Message})", e);
        }

        var payload = message.Content?.ToArray() ?? throw new NotationFormatException("the envelope has a detached payload");
        var header = CoseProtectedHeader.Parse(message.RawProtectedHeaders);
        return new CoseEnvelope(message, header, payload, ReadChain(message.UnprotectedHeaders));
    }

    public bool VerifySignature()
    {
        using var ec = CertificateChain[0].GetECDsaPublicKey();
        using var rsa = ec is null ? CertificateChain[0].GetRSAPublicKey() : null;
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)ec ?? rsa ?? throw new NotationFormatException("the signing certificate's key is neither RSA nor EC");
        try
        {
            // The library takes the algorithm from the protected header and uses PSS for RSA and r||s for ECDSA, as COSE requires.
            return message.VerifyEmbedded(key);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static List<X509Certificate2> ReadChain(CoseHeaderMap unprotected)
    {
        if (!unprotected.TryGetValue(new CoseHeaderLabel(X5ChainLabel), out var value))
        {
            throw new NotationFormatException("the envelope has no x5chain certificate chain");
        }

        try
        {
            // notation-core-go reads x5chain only as an array (even of one certificate), so a bare byte string is refused.
            var reader = new CborReader(value.EncodedValue, CborConformanceMode.Strict);
            var count = reader.PeekState() == CborReaderState.StartArray ? reader.ReadStartArray() : throw new NotationFormatException("x5chain is not an array of certificates");
            if (count is null or 0 or > 10)
            {
                throw new NotationFormatException("x5chain must hold between 1 and 10 certificates");
            }

            var chain = new List<X509Certificate2>();
            for (var i = 0; i < count; i++)
            {
                chain.Add(X509CertificateLoader.LoadCertificate(reader.ReadByteString()));
            }

            reader.ReadEndArray();
            return chain;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException)
        {
            throw new NotationFormatException($"x5chain is not an array of byte strings ({e.Message})", e);
        }
        catch (CryptographicException e)
        {
            throw new NotationFormatException($"an x5chain certificate cannot be read ({e.Message})", e);
        }
    }

    private static string? TextOrNull(CoseHeaderValue value)
    {
        try
        {
            return value.GetValueAsString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
