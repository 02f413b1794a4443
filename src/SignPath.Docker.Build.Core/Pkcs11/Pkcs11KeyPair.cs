namespace SignPath.Docker.Build.Pkcs11;

/// <summary>
/// An EC P-256 key pair that lives on a token. The private half never leaves it; this object only
/// names the pair (CKA_ID, CKA_LABEL) and carries the public half.
/// </summary>
public sealed class Pkcs11KeyPair
{
    internal Pkcs11KeyPair(byte[] id, string label, byte[] subjectPublicKeyInfo)
    {
        Id = id;
        Label = label;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        CanonicalKeyId = Pkcs11KeyIdentity.CanonicalKeyId(subjectPublicKeyInfo);
    }

    /// <summary>CKA_ID shared by the private key, public key and certificate objects.</summary>
    public byte[] Id { get; }

    public string IdHex => Convert.ToHexStringLower(Id);

    /// <summary>CKA_LABEL of the private key.</summary>
    public string Label { get; }

    /// <summary>DER SubjectPublicKeyInfo of the public key.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>
    /// notary's "canonical" key ID: the TUF key ID of the bare "ecdsa" public key. Stable for the
    /// key's lifetime, unlike the ID of the "ecdsa-x509" root key, which changes with each certificate.
    /// </summary>
    public string CanonicalKeyId { get; }

    public override string ToString() => $"key '{Label}' (id {IdHex})";
}
