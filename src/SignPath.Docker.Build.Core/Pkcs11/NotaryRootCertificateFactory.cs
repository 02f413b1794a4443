using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SignPath.Docker.Build.Pkcs11;

/// <summary>
/// Creates the self-signed root certificate Docker Content Trust expects for a repository, signed by
/// a token key. Mirrors notary's tuf/utils/x509.go NewCertificate as called by its client
/// (rootCertKey): CN = GUN, valid from now for notary.Year*10 (3650 days), KeyUsage
/// DigitalSignature|KeyEncipherment (critical), EKU CodeSigning, BasicConstraints CA:FALSE
/// (critical, as Go writes it), a random positive 128-bit serial, ecdsa-with-SHA256.
/// </summary>
internal static class NotaryRootCertificateFactory
{
    /// <summary>notary.Year * 10: Go's notary.Year is 365 days, so no leap days.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(3650);

    private const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";

    public static X509Certificate2 Create(Pkcs11KeyStore store, Pkcs11KeyPair key, string gun, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(key);
        return Create(key.SubjectPublicKeyInfo, digest => store.SignDigest(key, digest), gun, now);
    }

    /// <param name="signDigestRaw">Signs a SHA-256 digest with the key of <paramref name="subjectPublicKeyInfo"/>, returning raw r‖s.</param>
    public static X509Certificate2 Create(byte[] subjectPublicKeyInfo, Func<byte[], byte[]> signDigestRaw, string gun, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfo);
        ArgumentNullException.ThrowIfNull(signDigestRaw);
        ArgumentException.ThrowIfNullOrEmpty(gun);

        var generator = new RawEcdsaSignatureGenerator(subjectPublicKeyInfo, signDigestRaw);
        var subject = SubjectFor(gun);
        var request = new CertificateRequest(subject, generator.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CodeSigningOid)], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));

        // X.509 times have whole seconds; truncating here keeps notAfter - notBefore exact.
        var notBefore = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        return request.Create(subject, generator, notBefore, notBefore + Validity, NewSerialNumber());
    }

    private static X500DistinguishedName SubjectFor(string gun)
    {
        // Go's pkix.Name writes PrintableString when the value allows it, UTF8String otherwise.
        var builder = new X500DistinguishedNameBuilder();
        builder.Add(Oids.CommonName, gun, IsPrintable(gun) ? UniversalTagNumber.PrintableString : UniversalTagNumber.UTF8String);
        return builder.Build();
    }

    private static bool IsPrintable(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || " '()+,-./:=?".Contains(c, StringComparison.Ordinal));

    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        // Positive and without a leading zero octet, so DER keeps all 16 bytes as Go's rand.Int(2^128) mostly does.
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    private static class Oids
    {
        public const string CommonName = "2.5.4.3";
    }
}
