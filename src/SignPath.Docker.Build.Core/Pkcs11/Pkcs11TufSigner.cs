using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Pkcs11;

/// <summary>
/// A TUF root (or other role) key on a token, published as an "ecdsa-x509" key whose public part is
/// the certificate's PEM in Go's exact form, so the key ID matches what notary computes.
/// </summary>
public sealed class Pkcs11TufSigner : ITufSigner
{
    private readonly Pkcs11KeyStore _store;
    private readonly Pkcs11KeyPair _key;

    public Pkcs11TufSigner(Pkcs11KeyStore store, Pkcs11KeyPair key, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.SubjectPublicKeyInfo))
        {
            throw new ArgumentException($"The certificate's public key is not the public key of {key}.", nameof(certificate));
        }

        _store = store;
        _key = key;
        CertificatePem = GoPemEncoding.EncodeCertificate(certificate.RawData);
        PublicKey = new TufKey(TufKey.EcdsaX509, Encoding.UTF8.GetBytes(CertificatePem));
    }

    public TufKey PublicKey { get; }

    public string Method => "ecdsa";

    /// <summary>The certificate as the key object carries it.</summary>
    public string CertificatePem { get; }

    public Task<byte[]> SignAsync(ReadOnlyMemory<byte> canonicalSigned, CancellationToken cancellationToken)
    {
        var digest = SHA256.HashData(canonicalSigned.Span);
        // The token call blocks (a hardware token may take seconds); keep it off the caller's thread.
        return Task.Run(() => _store.SignDigest(_key, digest), cancellationToken);
    }
}
