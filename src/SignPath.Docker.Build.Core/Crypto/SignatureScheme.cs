using System.Security.Cryptography;

namespace SignPath.Docker.Build.Crypto;

/// <summary>
/// What a signature format expects of a signature: the hash over the signed bytes and, for RSA keys, the paddings
/// its verifiers accept. ECDSA signatures may come DER-encoded or as r‖s either way.
/// </summary>
/// <param name="Hash">The hash the format's verifiers use.</param>
/// <param name="RsaPaddings">Paddings the format's verifiers accept for RSA keys.</param>
/// <param name="ConfiguredIn">Where a user sets hash and padding, for the fix in error messages.</param>
internal sealed record SignatureScheme(
    HashAlgorithmName Hash,
    RsaPaddings RsaPaddings,
    string ConfiguredIn = "the create-raw-signature directive of the SignPath artifact configuration")
{
    /// <summary>
    /// <c>cosign verify --key</c>: SHA-256 for every key, RSA keys with PKCS#1 v1.5 only (sigstore's
    /// signature.LoadVerifier returns an RSAPKCS1v15Verifier for RSA keys).
    /// </summary>
    public static SignatureScheme Cosign { get; } = new(HashAlgorithmName.SHA256, RsaPaddings.Pkcs1);

    public string Describe(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.KeyType == VerificationKeyType.Rsa
            ? $"{Hash.Name} with {Names(RsaPaddings)} padding"
            : Hash.Name!;
    }

    internal static string Names(RsaPaddings paddings) => paddings switch
    {
        RsaPaddings.Pkcs1 => "PKCS#1 v1.5",
        RsaPaddings.Pss => "PSS",
        _ => "PKCS#1 v1.5 or PSS",
    };
}
