using System.Formats.Asn1;
using System.Security.Cryptography;

namespace SignPath.Docker.Build.Crypto;

/// <summary>
/// Checks a detached signature over data with a <see cref="VerificationKey"/>, and when it does not verify, finds
/// the likely cause from the bytes: not a signature at all, a signature shaped for the other key type, the right key
/// with another hash or RSA padding than the format expects, or another key. Every SignPath result goes through
/// here before anything is pushed.
/// </summary>
internal static class SignatureVerifier
{
    private static readonly HashAlgorithmName[] Hashes = [HashAlgorithmName.SHA256, HashAlgorithmName.SHA384, HashAlgorithmName.SHA512];

    public static SignatureCheck Verify(VerificationKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, SignatureScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(scheme);
        return key.KeyType == VerificationKeyType.Rsa
            ? VerifyRsa(key, data, signature, scheme)
            : VerifyEcdsa(key, data, signature, scheme);
    }

    private static SignatureCheck VerifyEcdsa(VerificationKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, SignatureScheme scheme)
    {
        DSASignatureFormat format;
        if (IsDerEcdsaSignature(signature))
        {
            format = DSASignatureFormat.Rfc3279DerSequence;
        }
        else if (signature.Length == 2 * key.FieldSizeBytes)
        {
            format = DSASignatureFormat.IeeeP1363FixedFieldConcatenation;
        }
        else if (IsRsaSignatureLength(signature.Length))
        {
            return new(
                SignatureFailure.KeyTypeMismatch,
                $"it is {signature.Length} bytes, the length of an RSA-{signature.Length * 8} signature, but the key is {key.Description}");
        }
        else
        {
            return new(
                SignatureFailure.Malformed,
                $"its {signature.Length} bytes are neither a DER ECDSA signature nor the {2 * key.FieldSizeBytes} bytes of r‖s for {key.Description}: it is not a signature");
        }

        var ecdsa = key.Ecdsa!;
        if (VerifyEcdsa(ecdsa, data, signature, scheme.Hash, format))
        {
            return SignatureCheck.Valid;
        }

        foreach (var hash in Hashes.Where(h => h != scheme.Hash))
        {
            if (VerifyEcdsa(ecdsa, data, signature, hash, format))
            {
                return new(SignatureFailure.HashAlgorithmMismatch, $"it was made with {hash.Name} where {scheme.Hash.Name} is expected");
            }
        }

        return new(SignatureFailure.WrongKey, $"it does not verify with {key.Source} ({key.Description}): it was made by another key, or over other bytes");
    }

    private static SignatureCheck VerifyRsa(VerificationKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, SignatureScheme scheme)
    {
        if (signature.Length != key.RsaSignatureBytes)
        {
            if (IsDerEcdsaSignature(signature) || signature.Length is 64 or 96 or 132)
            {
                return new(SignatureFailure.KeyTypeMismatch, $"it is an ECDSA signature ({signature.Length} bytes), but the key is {key.Description}");
            }

            return IsRsaSignatureLength(signature.Length)
                ? new(SignatureFailure.WrongKey, $"it is an RSA-{signature.Length * 8} signature, but {key.Source} is {key.Description}: it was made by another key")
                : new(SignatureFailure.Malformed, $"its {signature.Length} bytes are not the {key.RsaSignatureBytes} bytes of a signature by {key.Description}: it is not a signature");
        }

        var rsa = key.Rsa!;
        foreach (var padding in Paddings(scheme.RsaPaddings))
        {
            if (VerifyRsa(rsa, data, signature, scheme.Hash, padding))
            {
                return SignatureCheck.Valid;
            }
        }

        foreach (var padding in Paddings(~scheme.RsaPaddings & (RsaPaddings.Pkcs1 | RsaPaddings.Pss)))
        {
            if (VerifyRsa(rsa, data, signature, scheme.Hash, padding))
            {
                return new(
                    SignatureFailure.RsaPaddingMismatch,
                    $"it uses {(padding == RSASignaturePadding.Pss ? "PSS" : "PKCS#1 v1.5")} padding where {SignatureScheme.Names(scheme.RsaPaddings)} is expected");
            }
        }

        foreach (var hash in Hashes.Where(h => h != scheme.Hash))
        {
            foreach (var padding in Paddings(RsaPaddings.Pkcs1 | RsaPaddings.Pss))
            {
                if (VerifyRsa(rsa, data, signature, hash, padding))
                {
                    return new(SignatureFailure.HashAlgorithmMismatch, $"it was made with {hash.Name} where {scheme.Hash.Name} is expected");
                }
            }
        }

        return new(SignatureFailure.WrongKey, $"it does not verify with {key.Source} ({key.Description}): it was made by another key, or over other bytes");
    }

    private static bool VerifyEcdsa(ECDsa ecdsa, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName hash, DSASignatureFormat format)
    {
        try
        {
            return ecdsa.VerifyData(data, signature, hash, format);
        }
        catch (CryptographicException)
        {
            // DER integers longer than the curve's order.
            return false;
        }
    }

    private static bool VerifyRsa(RSA rsa, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        try
        {
            return rsa.VerifyData(data, signature, hash, padding);
        }
        catch (CryptographicException)
        {
            // A value not below the modulus: some platforms throw instead of answering false.
            return false;
        }
    }

    private static IEnumerable<RSASignaturePadding> Paddings(RsaPaddings paddings)
    {
        if (paddings.HasFlag(RsaPaddings.Pkcs1))
        {
            yield return RSASignaturePadding.Pkcs1;
        }

        if (paddings.HasFlag(RsaPaddings.Pss))
        {
            yield return RSASignaturePadding.Pss;
        }
    }

    // RSA keys SignPath holds: 2048 to 8192 bits in whole bytes; ECDSA DER signatures are at most 141 bytes.
    private static bool IsRsaSignatureLength(int length) => length is >= 256 and <= 1024 && length % 128 == 0;

    /// <summary>A DER SEQUENCE of two INTEGERs and nothing after it (the form cosign stores and openssl writes).</summary>
    public static bool IsDerEcdsaSignature(ReadOnlySpan<byte> signature)
    {
        try
        {
            AsnDecoder.ReadSequence(signature, AsnEncodingRules.DER, out var offset, out var length, out var consumed);
            if (consumed != signature.Length)
            {
                return false;
            }

            var content = signature.Slice(offset, length);
            AsnDecoder.ReadIntegerBytes(content, AsnEncodingRules.DER, out var first);
            AsnDecoder.ReadIntegerBytes(content[first..], AsnEncodingRules.DER, out var second);
            return first + second == content.Length;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
