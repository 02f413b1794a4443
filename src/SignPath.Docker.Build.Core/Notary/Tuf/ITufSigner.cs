
namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// A private key that signs TUF metadata: a local key, a PKCS#11 token key, or a test key.
/// SignPath's delegation key is not one of these: it signs remotely through a signing request.
/// </summary>
public interface ITufSigner
{
    /// <summary>The public key exactly as it is (or will be) listed in root.json or a delegation.</summary>
    TufKey PublicKey { get; }

    /// <summary>The envelope's "method": "ecdsa" for EC keys, "rsapss" for RSA keys.</summary>
    string Method { get; }

    /// <summary>
    /// Signs the exact canonical bytes of a "signed" object (SHA-256 digest). ECDSA returns raw r‖s
    /// (64 bytes for P-256), never DER, because notary checks the length.
    /// </summary>
    Task<byte[]> SignAsync(ReadOnlyMemory<byte> canonicalSigned, CancellationToken cancellationToken);
}
