using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Notation;

/// <summary>
/// Verifies a Notary Project signature, JWS or COSE envelope alike (<see cref="INotationEnvelope"/>), the way <c>notation verify</c> does for level <c>strict</c> without revocation
/// checks (notation-go verifier/verifier.go; notation-core-go signature/jws, signature/cose and x509): integrity (signature over the envelope's
/// signing input with the leaf key, <c>alg</c> matching the key), the certificate rules of the specification, the
/// payload's <c>targetArtifact</c> equal to the image on media type, digest and size, expiry, and — when trusted roots
/// are given — authenticity: some certificate of <c>x5c</c> byte-equal to a trusted one (notation's trust store rule).
/// Without a verified RFC 3161 timestamp every certificate must also be valid now. Signed critical attributes this
/// verifier does not know (what notation leaves to a plugin) make the signature fail, as they must.
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signing-and-verification-workflow.md, https://github.com/notaryproject/specifications/blob/main/specs/trust-store-trust-policy.md.
/// </summary>
internal sealed class NotationSignatureVerifier
{
    private readonly IReadOnlyList<X509Certificate2> trustedCertificates;
    private readonly TimeProvider time;

    public NotationSignatureVerifier(IReadOnlyList<X509Certificate2>? trustedCertificates = null, TimeProvider? time = null)
    {
        this.trustedCertificates = trustedCertificates ?? [];
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>True when a root is pinned; otherwise only integrity and the certificate rules are checked.</summary>
    public bool ChecksAuthenticity => trustedCertificates.Count > 0;

    /// <summary>Throws <see cref="NotationFormatException"/> with the reason when the signature does not verify for <paramref name="target"/>.</summary>
    public NotationVerifiedSignature Verify(string envelopeMediaType, byte[] envelope, OciDescriptor target)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            return VerifyEnvelope(envelopeMediaType, envelope, target);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            // The chain is unprotected (x5c, x5chain): a damaged certificate loads, then fails when a field is read.
            throw new NotationFormatException($"a certificate of the chain cannot be read ({e.Message})", e);
        }
    }

    private NotationVerifiedSignature VerifyEnvelope(string envelopeMediaType, byte[] envelope, OciDescriptor target)
    {
        INotationEnvelope signed = envelopeMediaType switch
        {
            JwsEnvelope.MediaType => JwsEnvelope.Parse(envelope),
            CoseEnvelope.MediaType => CoseEnvelope.Parse(envelope),
            _ => throw new NotationFormatException($"envelope type '{envelopeMediaType}' is not supported (only JWS, {JwsEnvelope.MediaType}, and COSE, {CoseEnvelope.MediaType})"),
        };
        if (signed.ContentType != NotationPayload.ContentType)
        {
            throw new NotationFormatException($"the payload content type is '{signed.ContentType}', not {NotationPayload.ContentType}");
        }

        if (signed.CriticalExtendedAttributes.FirstOrDefault() is { } unknown)
        {
            throw new NotationFormatException($"the signature has the critical attribute '{unknown}', which this verifier does not support");
        }

        var leaf = signed.CertificateChain[0];
        var expectedAlgorithm = JwsAlgorithm.ForKey(leaf);
        if (signed.Algorithm != expectedAlgorithm)
        {
            throw new NotationFormatException($"alg is {signed.Algorithm}, but the signing certificate's key requires {expectedAlgorithm}");
        }

        if (!signed.VerifySignature())
        {
            throw new NotationFormatException($"the signature does not verify with the key of '{leaf.Subject}'");
        }

        NotationCertificateChain.Validate(signed.CertificateChain, signed.SigningTime);
        var now = time.GetUtcNow();
        foreach (var certificate in signed.CertificateChain)
        {
            if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
            {
                throw new NotationFormatException($"certificate '{certificate.Subject}' is not valid now (valid until {JwsProtectedHeader.FormatTime(certificate.NotAfter)}) and the signature has no verified timestamp");
            }
        }

        if (signed.Expiry is { } expiry && expiry < now)
        {
            throw new NotationFormatException($"the signature expired at {JwsProtectedHeader.FormatTime(expiry)}");
        }

        if (ChecksAuthenticity && !signed.CertificateChain.Any(c => trustedCertificates.Any(t => t.RawData.AsSpan().SequenceEqual(c.RawData))))
        {
            throw new NotationFormatException($"the signing chain of '{leaf.Subject}' does not contain the trusted root certificate (NotationRootCertificate)");
        }

        var claimed = NotationPayload.ReadTarget(signed.Payload);
        if (!claimed.SameTarget(target))
        {
            throw new NotationFormatException(
                $"the signature is for {claimed.Digest} ({claimed.MediaType}, {claimed.Size} bytes), not for {target.Digest} ({target.MediaType}, {target.Size} bytes)");
        }

        return new NotationVerifiedSignature(
            leaf.Subject,
            signed.SigningTime,
            signed.Algorithm,
            [.. signed.CertificateChain.Select(c => Convert.ToHexStringLower(SHA256.HashData(c.RawData)))]);
    }
}
