using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// Checks one signature as notary's tuf/signed/verifiers.go does: SHA-256 for every method, ECDSA as raw
/// r‖s (DER is refused by length), RSA-PSS with a 32-byte salt, PKCS#1 v1.5 for verification only.
/// Spec: https://github.com/notaryproject/notary/blob/master/tuf/signed/verifiers.go.
/// </summary>
internal static class TufSignatureVerifier
{
    public const string EcdsaMethod = "ecdsa";
    public const string RsaPssMethod = "rsapss";
    public const string RsaPkcs1Method = "rsapkcs1v15";
    public const string EddsaMethod = "eddsa";

    /// <summary>
    /// True when <paramref name="signature"/> over <paramref name="message"/> verifies with <paramref name="key"/>.
    /// False for a wrong signature or a method that does not fit the key. Throws for ed25519 keys, which
    /// .NET cannot verify, so the caller sees why rather than a bare "not signed".
    /// </summary>
    public static bool Verify(TufKey key, TufSignature signature, ReadOnlySpan<byte> message)
    {
        if (!string.Equals(signature.KeyId, key.KeyId, StringComparison.Ordinal))
        {
            return false;
        }

        var method = signature.Method.ToLowerInvariant();
        switch (key.KeyType)
        {
            case TufKey.Ecdsa or TufKey.EcdsaX509:
                if (method != EcdsaMethod)
                {
                    return false;
                }

                using (var ecdsa = OpenEcdsa(key))
                {
                    var fieldBytes = (ecdsa.KeySize + 7) / 8;
                    return signature.Value.Length == 2 * fieldBytes
                        && ecdsa.VerifyData(message, signature.Value, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }

            case TufKey.Rsa or TufKey.RsaX509:
                var padding = method switch
                {
                    RsaPssMethod => RSASignaturePadding.Pss,
                    RsaPkcs1Method => RSASignaturePadding.Pkcs1,
                    _ => null,
                };
                if (padding is null)
                {
                    return false;
                }

                // .NET's PSS uses salt length = hash length (32 for SHA-256), which is what notary writes.
                using (var rsa = OpenRsa(key))
                {
                    return rsa.KeySize >= 2048 && rsa.VerifyData(message, signature.Value, HashAlgorithmName.SHA256, padding);
                }

            case TufKey.Ed25519:
                throw new SignPathDockerException(
                    ErrorCodes.TrustDataInvalid,
                    $"Key {key.KeyId} is an ed25519 key, which this client cannot verify.",
                    "Run notary-server with a notary-signer and trust_service.key_algorithm \"ecdsa\" so server-held snapshot and timestamp keys are ECDSA.");
            default:
                return false;
        }
    }

    internal static ECDsa OpenEcdsa(TufKey key)
    {
        try
        {
            if (key.IsCertificate)
            {
                using var certificate = TufKeyFactory.ReadCertificate(Encoding.ASCII.GetString(key.Public), $"Key {key.KeyId}");
                return certificate.GetECDsaPublicKey() ?? throw NotUsable(key, null);
            }

            var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(key.Public, out _);
            return ecdsa;
        }
        catch (CryptographicException exception)
        {
            throw NotUsable(key, exception);
        }
    }

    internal static RSA OpenRsa(TufKey key)
    {
        try
        {
            if (key.IsCertificate)
            {
                using var certificate = TufKeyFactory.ReadCertificate(Encoding.ASCII.GetString(key.Public), $"Key {key.KeyId}");
                return certificate.GetRSAPublicKey() ?? throw NotUsable(key, null);
            }

            var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(key.Public, out _);
            return rsa;
        }
        catch (CryptographicException exception)
        {
            throw NotUsable(key, exception);
        }
    }

    /// <summary>The certificate of an x509 key, for root pinning and CN checks.</summary>
    internal static X509Certificate2 Certificate(TufKey key) =>
        TufKeyFactory.ReadCertificate(Encoding.ASCII.GetString(key.Public), $"Key {key.KeyId}");

    private static SignPathDockerException NotUsable(TufKey key, Exception? inner) =>
        new(ErrorCodes.TrustDataInvalid, $"Key {key.KeyId} ({key.KeyType}) does not hold a usable public key.", innerException: inner);
}
