using System.Formats.Asn1;
using System.Numerics;

namespace SignPath.Docker.Build.Pkcs11;

/// <summary>
/// Converts ECDSA signatures between the raw r‖s form (PKCS#11 CKM_ECDSA, TUF/notary) and the
/// DER SEQUENCE { r INTEGER, s INTEGER } form (X.509, CMS, openssl).
/// </summary>
internal static class EcdsaSignatureEncoding
{
    public static byte[] RawToDer(ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 0 || raw.Length % 2 != 0)
        {
            throw new ArgumentException("A raw ECDSA signature has two halves of equal length.", nameof(raw));
        }

        var half = raw.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(new BigInteger(raw[..half], isUnsigned: true, isBigEndian: true));
            writer.WriteInteger(new BigInteger(raw[half..], isUnsigned: true, isBigEndian: true));
        }

        return writer.Encode();
    }

    /// <param name="fieldSizeBytes">Length of each half: 32 for P-256.</param>
    public static byte[] DerToRaw(ReadOnlySpan<byte> der, int fieldSizeBytes)
    {
        AsnDecoder.ReadSequence(der, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out var consumed);
        if (consumed != der.Length)
        {
            throw new AsnContentException("Unexpected data after the ECDSA signature.");
        }

        var content = der.Slice(contentOffset, contentLength);
        var r = AsnDecoder.ReadIntegerBytes(content, AsnEncodingRules.DER, out var rLength);
        var s = AsnDecoder.ReadIntegerBytes(content[rLength..], AsnEncodingRules.DER, out var sLength);
        if (rLength + sLength != content.Length)
        {
            throw new AsnContentException("Unexpected data inside the ECDSA signature.");
        }

        var raw = new byte[2 * fieldSizeBytes];
        CopyUnsigned(r, raw.AsSpan(0, fieldSizeBytes));
        CopyUnsigned(s, raw.AsSpan(fieldSizeBytes, fieldSizeBytes));
        return raw;
    }

    private static void CopyUnsigned(ReadOnlySpan<byte> integer, Span<byte> destination)
    {
        // DER integers carry a leading zero when the top bit is set; raw halves are left-padded instead.
        var trimmed = integer.TrimStart((byte)0);
        if (trimmed.Length > destination.Length)
        {
            throw new ArgumentException("An ECDSA signature component is longer than the curve's field size.");
        }

        trimmed.CopyTo(destination[(destination.Length - trimmed.Length)..]);
    }
}
