using System.Formats.Asn1;
using SignPath.Docker.Build.Crypto;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// Normalizes a detached raw signature from SignPath to what cosign stores: ASN.1 DER for ECDSA
/// (cosign verifies with ecdsa.VerifyASN1), unchanged for RSA. HSMs and CNG often return ECDSA as
/// IEEE P1363 r‖s, so both forms are accepted.
/// Spec: https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md.
/// </summary>
internal static class CosignSignature
{
    public static byte[] ToCosignForm(byte[] rawSignature)
    {
        if (SignatureVerifier.IsDerEcdsaSignature(rawSignature))
        {
            return rawSignature;
        }

        // r‖s lengths for P-256, P-384 and P-521; RSA signatures are 256 bytes or more.
        return rawSignature.Length is 64 or 96 or 132 ? P1363ToDer(rawSignature) : rawSignature;
    }

    public static byte[] P1363ToDer(ReadOnlySpan<byte> signature)
    {
        var half = signature.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(signature[..half]);
            writer.WriteIntegerUnsigned(signature[half..]);
        }

        return writer.Encode();
    }
}
