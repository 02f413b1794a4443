using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Notation;

/// <summary>
/// Verifies a Notary Project JWS signature the way <c>notation verify</c> does for level <c>strict</c> without revocation
/// checks (notation-go verifier/verifier.go; notation-core-go signature/jws and x509): integrity (signature over the JWS
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
        if (envelopeMediaType != JwsEnvelope.MediaType)
        {
            throw new NotationFormatException($"envelope type '{envelopeMediaType}' is not supported (only JWS, {JwsEnvelope.MediaType})");
        }

        var jws = JwsEnvelope.Parse(envelope);
        var header = jws.Header;
        if (header.ContentType != NotationPayload.ContentType)
        {
            throw new NotationFormatException($"the payload content type is '{header.ContentType}', not {NotationPayload.ContentType}");
        }

        if (header.CriticalExtendedAttributes.FirstOrDefault() is { } unknown)
        {
            throw new NotationFormatException($"the signature has the critical attribute '{unknown}', which this verifier does not support");
        }

        var leaf = jws.CertificateChain[0];
        var expectedAlgorithm = JwsAlgorithm.ForKey(leaf);
        if (header.Algorithm != expectedAlgorithm)
        {
            throw new NotationFormatException($"alg is {header.Algorithm}, but the signing certificate's key requires {expectedAlgorithm}");
        }

        if (!JwsAlgorithm.Verify(header.Algorithm, leaf, jws.SigningInput, jws.Signature))
        {
            throw new NotationFormatException($"the signature does not verify with the key of '{leaf.Subject}'");
        }

        NotationCertificateChain.Validate(jws.CertificateChain, header.SigningTime);
        var now = time.GetUtcNow();
        foreach (var certificate in jws.CertificateChain)
        {
            if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
            {
                throw new NotationFormatException($"certificate '{certificate.Subject}' is not valid now (valid until {JwsProtectedHeader.FormatTime(certificate.NotAfter)}) and the signature has no verified timestamp");
            }
        }

        if (header.Expiry is { } expiry && expiry < now)
        {
            throw new NotationFormatException($"the signature expired at {JwsProtectedHeader.FormatTime(expiry)}");
        }

        if (ChecksAuthenticity && !jws.CertificateChain.Any(c => trustedCertificates.Any(t => t.RawData.AsSpan().SequenceEqual(c.RawData))))
        {
            throw new NotationFormatException($"the signing chain of '{leaf.Subject}' does not contain the trusted root certificate (NotationRootCertificate)");
        }

        var signed = NotationPayload.ReadTarget(jws.Payload);
        if (!signed.SameTarget(target))
        {
            throw new NotationFormatException(
                $"the signature is for {signed.Digest} ({signed.MediaType}, {signed.Size} bytes), not for {target.Digest} ({target.MediaType}, {target.Size} bytes)");
        }

        return new NotationVerifiedSignature(
            leaf.Subject,
            header.SigningTime,
            header.Algorithm,
            [.. jws.CertificateChain.Select(c => Convert.ToHexStringLower(SHA256.HashData(c.RawData)))]);
    }
}
