using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SignPath.Docker.Build.Pkcs11;

/// <summary>
/// Lets <see cref="CertificateRequest"/> sign with a P-256 key .NET cannot hold (a token key):
/// hashes with SHA-256, hands the digest to a raw r‖s signer and returns DER as X.509 requires.
/// </summary>
internal sealed class RawEcdsaSignatureGenerator : X509SignatureGenerator
{
    // AlgorithmIdentifier { ecdsa-with-SHA256 (1.2.840.10045.4.3.2) }, parameters absent (RFC 5758).
    private static readonly byte[] EcdsaWithSha256 = [0x30, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02];

    private readonly byte[] _subjectPublicKeyInfo;
    private readonly Func<byte[], byte[]> _signDigestRaw;

    /// <param name="subjectPublicKeyInfo">The signing key's public key (DER SPKI).</param>
    /// <param name="signDigestRaw">Signs a SHA-256 digest and returns raw r‖s.</param>
    public RawEcdsaSignatureGenerator(byte[] subjectPublicKeyInfo, Func<byte[], byte[]> signDigestRaw)
    {
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
        _signDigestRaw = signDigestRaw;
    }

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        ThrowIfNotSha256(hashAlgorithm);
        return (byte[])EcdsaWithSha256.Clone();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
    {
        ThrowIfNotSha256(hashAlgorithm);
        return EcdsaSignatureEncoding.RawToDer(_signDigestRaw(SHA256.HashData(data)));
    }

    protected override PublicKey BuildPublicKey() =>
        PublicKey.CreateFromSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);

    private static void ThrowIfNotSha256(HashAlgorithmName hashAlgorithm)
    {
        if (hashAlgorithm != HashAlgorithmName.SHA256)
        {
            throw new ArgumentOutOfRangeException(nameof(hashAlgorithm), hashAlgorithm, "Only SHA-256 is supported: notary rejects weaker hashes and P-256 pairs with SHA-256.");
        }
    }
}
