using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Pkcs11;

/// <summary>
/// How keys made by this package are named on a token:
/// CKA_ID = the 32 bytes of notary's canonical key ID (SHA-256 of the canonical "ecdsa" TUF key
/// object of the public key), so `notary key list` IDs and token objects line up, and
/// CKA_LABEL = "notary-root-&lt;gun&gt;" for Docker Content Trust root keys, so people can tell keys apart
/// in pkcs11-tool listings.
/// </summary>
public static class Pkcs11KeyIdentity
{
    public const string RootLabelPrefix = "notary-root-";

    public static string RootKeyLabel(string gun)
    {
        ArgumentException.ThrowIfNullOrEmpty(gun);
        return RootLabelPrefix + gun;
    }

    public static string CanonicalKeyId(byte[] subjectPublicKeyInfo) =>
        new TufKey(TufKey.Ecdsa, subjectPublicKeyInfo).KeyId;
}
