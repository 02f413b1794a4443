using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// Signs TUF metadata with an in-process ECDSA or RSA key (tests, a locally held targets key). With a
/// certificate the public key is listed as ecdsa-x509/rsa-x509, as delegation keys usually are.
/// Does not own the key: the caller disposes it.
/// </summary>
public sealed class LocalTufSigner : ITufSigner
{
    private readonly AsymmetricAlgorithm _key;

    public LocalTufSigner(ECDsa key, X509Certificate2? certificate = null)
        : this((AsymmetricAlgorithm)key, certificate, TufSignatureVerifier.EcdsaMethod)
    {
    }

    public LocalTufSigner(RSA key, X509Certificate2? certificate = null)
        : this((AsymmetricAlgorithm)key, certificate, TufSignatureVerifier.RsaPssMethod)
    {
        if (key.KeySize < 2048)
        {
            throw new ArgumentException("notary refuses RSA keys under 2048 bits.", nameof(key));
        }
    }

    private LocalTufSigner(AsymmetricAlgorithm key, X509Certificate2? certificate, string method)
    {
        _key = key;
        Method = method;
        PublicKey = certificate is null ? TufKeyFactory.FromPublicKey(key) : TufKeyFactory.FromCertificate(certificate);
        if (certificate is not null && !SamePublicKey(certificate, key))
        {
            throw new ArgumentException("The certificate is not for this key.", nameof(certificate));
        }
    }

    public TufKey PublicKey { get; }

    public string Method { get; }

    public Task<byte[]> SignAsync(ReadOnlyMemory<byte> canonicalSigned, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var signature = _key switch
        {
            ECDsa ecdsa => ecdsa.SignData(canonicalSigned.Span, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            RSA rsa => rsa.SignData(canonicalSigned.Span, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            _ => throw new InvalidOperationException("Unreachable: only ECDSA and RSA keys are accepted."),
        };
        return Task.FromResult(signature);
    }

    private static bool SamePublicKey(X509Certificate2 certificate, AsymmetricAlgorithm key) =>
        certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
}
