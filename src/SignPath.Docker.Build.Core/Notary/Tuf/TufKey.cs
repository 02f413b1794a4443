using System.Security.Cryptography;
using System.Text;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// A public key as TUF metadata carries it: <c>{"keytype":T,"keyval":{"private":null,"public":"&lt;b64&gt;"}}</c>.
/// <see cref="Public"/> holds the decoded "public" bytes: DER SubjectPublicKeyInfo for "ecdsa"/"rsa",
/// the PEM certificate text for "ecdsa-x509"/"rsa-x509", 32 raw bytes for "ed25519".
/// Spec: https://github.com/notaryproject/notary/blob/master/tuf/data/keys.go.
/// </summary>
public sealed class TufKey
{
    public const string Ecdsa = "ecdsa";
    public const string EcdsaX509 = "ecdsa-x509";
    public const string Rsa = "rsa";
    public const string RsaX509 = "rsa-x509";
    public const string Ed25519 = "ed25519";

    public TufKey(string keyType, byte[] publicBytes)
    {
        KeyType = keyType;
        Public = publicBytes;
        // Neither the key type nor base64 text contains characters canonical JSON would escape,
        // so the canonical form can be written directly; notary hashes exactly these bytes.
        CanonicalJson = $"{{\"keytype\":\"{keyType}\",\"keyval\":{{\"private\":null,\"public\":\"{Convert.ToBase64String(publicBytes)}\"}}}}";
        KeyId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson)));
    }

    public string KeyType { get; }

    public byte[] Public { get; }

    /// <summary>Lowercase hex SHA-256 of the canonical key object, as notary's TUFKey.ID().</summary>
    public string KeyId { get; }

    public string CanonicalJson { get; }

    public bool IsCertificate => KeyType is EcdsaX509 or RsaX509;
}
