using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SignPath.Docker.Build.Notation;

/// <summary>
/// The JWS algorithms the Notary Project allows (signature-specification.md, "Algorithm Selection"): RSASSA-PSS and
/// ECDSA with SHA-2, each tied to one key size. ECDSA signatures are raw <c>r||s</c> (RFC 7518 §3.4), never DER.
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-specification.md.
/// </summary>
public static class JwsAlgorithm
{
    public const string ES256 = "ES256";
    public const string ES384 = "ES384";
    public const string ES512 = "ES512";
    public const string PS256 = "PS256";
    public const string PS384 = "PS384";
    public const string PS512 = "PS512";

    public static HashAlgorithmName Hash(string alg) => alg switch
    {
        ES256 or PS256 => HashAlgorithmName.SHA256,
        ES384 or PS384 => HashAlgorithmName.SHA384,
        ES512 or PS512 => HashAlgorithmName.SHA512,
        _ => throw new NotationFormatException($"signature algorithm '{alg}' is not one of PS256/384/512, ES256/384/512"),
    };

    /// <summary>The only algorithm a certificate's key may sign with: P-256 → ES256, RSA 3072 → PS384, …</summary>
    public static string ForKey(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var ec = certificate.GetECDsaPublicKey();
        if (ec is not null)
        {
            return ec.KeySize switch
            {
                256 => ES256,
                384 => ES384,
                521 => ES512,
                _ => throw new NotationFormatException($"EC key size {ec.KeySize} bits is not supported"),
            };
        }

        using var rsa = certificate.GetRSAPublicKey();
        return rsa?.KeySize switch
        {
            2048 => PS256,
            3072 => PS384,
            4096 => PS512,
            null => throw new NotationFormatException("the signing certificate's key is neither RSA nor EC"),
            _ => throw new NotationFormatException($"RSA key size {rsa.KeySize} bits is not supported"),
        };
    }

    public static bool Verify(string alg, X509Certificate2 certificate, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var hash = Hash(alg);
        if (alg.StartsWith("ES", StringComparison.Ordinal))
        {
            using var ec = certificate.GetECDsaPublicKey() ?? throw new NotationFormatException($"{alg} needs an EC key");
            // r||s with each half the field size, exactly as golang-jwt requires; DER would be refused there, so here too.
            var half = (ec.KeySize + 7) / 8;
            return signature.Length == 2 * half &&
                ec.VerifyData(data, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        using var rsa = certificate.GetRSAPublicKey() ?? throw new NotationFormatException($"{alg} needs an RSA key");
        return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pss);
    }
}
