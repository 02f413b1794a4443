using System.Formats.Asn1;
using System.Security.Cryptography;

namespace SignPath.Docker.Build.Pkcs11;

/// <summary>The P-256 curve as PKCS#11 names it, and its public points as .NET and X.509 need them.</summary>
internal static class EcP256PublicKey
{
    public const int FieldSizeBytes = 32;

    /// <summary>CKA_EC_PARAMS: the DER OBJECT IDENTIFIER 1.2.840.10045.3.1.7 (prime256v1).</summary>
    public static readonly byte[] EcParameters = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    /// <summary>
    /// Builds a SubjectPublicKeyInfo from CKA_EC_POINT. PKCS#11 specifies a DER OCTET STRING around
    /// the uncompressed point (SoftHSM does that), but some modules return the bare point, so accept both.
    /// </summary>
    public static byte[] SubjectPublicKeyInfoFromEcPoint(byte[] ecPoint)
    {
        var point = ecPoint.Length == 1 + (2 * FieldSizeBytes)
            ? ecPoint
            : AsnDecoder.ReadOctetString(ecPoint, AsnEncodingRules.BER, out _);
        if (point.Length != 1 + (2 * FieldSizeBytes) || point[0] != 0x04)
        {
            throw new CryptographicException("The token returned an EC point that is not an uncompressed P-256 point.");
        }

        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = point[1..(1 + FieldSizeBytes)],
                Y = point[(1 + FieldSizeBytes)..],
            },
        };
        using var key = ECDsa.Create(parameters);
        return key.ExportSubjectPublicKeyInfo();
    }
}
