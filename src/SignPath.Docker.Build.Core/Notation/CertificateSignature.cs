using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SignPath.Docker.Build.Notation;

/// <summary>
/// Checks that one certificate's signature was made by another's key (what Go's <c>CheckSignatureFrom</c> does), reading
/// the certificate's ASN.1 (RFC 5280 §4.1) directly, because .NET only exposes this inside X509Chain, which would also
/// apply its own policy. SHA-1 and other weak algorithms are refused, as the Notary Project specification requires.
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-specification.md.
/// </summary>
internal static class CertificateSignature
{
    private const string EcdsaSha256 = "1.2.840.10045.4.3.2";
    private const string EcdsaSha384 = "1.2.840.10045.4.3.3";
    private const string EcdsaSha512 = "1.2.840.10045.4.3.4";
    private const string RsaSha256 = "1.2.840.113549.1.1.11";
    private const string RsaSha384 = "1.2.840.113549.1.1.12";
    private const string RsaSha512 = "1.2.840.113549.1.1.13";
    private const string RsaPss = "1.2.840.113549.1.1.10";

    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        var reader = new AsnReader(certificate.RawData, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        var tbs = sequence.ReadEncodedValue().ToArray();
        var algorithm = sequence.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        var parameters = algorithm.HasData ? algorithm.ReadEncodedValue().ToArray() : null;
        var signature = sequence.ReadBitString(out _);

        switch (oid)
        {
            case EcdsaSha256 or EcdsaSha384 or EcdsaSha512:
                using (var ec = issuer.GetECDsaPublicKey())
                {
                    return ec is not null && ec.VerifyData(tbs, signature, EcdsaHash(oid), DSASignatureFormat.Rfc3279DerSequence);
                }

            case RsaSha256 or RsaSha384 or RsaSha512:
                using (var rsa = issuer.GetRSAPublicKey())
                {
                    return rsa is not null && rsa.VerifyData(tbs, signature, RsaHash(oid), RSASignaturePadding.Pkcs1);
                }

            case RsaPss:
                using (var rsa = issuer.GetRSAPublicKey())
                {
                    // .NET's PSS uses MGF1 with the same hash and a salt as long as the hash, the parameters every
                    // RSASSA-PSS certificate profile in use (RFC 4055) chooses; others are refused by the check below.
                    return rsa is not null && parameters is not null && PssHash(parameters) is { } hash &&
                        rsa.VerifyData(tbs, signature, hash, RSASignaturePadding.Pss);
                }

            default:
                throw new NotationFormatException($"certificate '{certificate.Subject}' is signed with algorithm {oid}, which is not allowed (SHA-2 RSA or ECDSA only)");
        }
    }

    private static HashAlgorithmName EcdsaHash(string oid) => oid switch
    {
        EcdsaSha256 => HashAlgorithmName.SHA256,
        EcdsaSha384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    private static HashAlgorithmName RsaHash(string oid) => oid switch
    {
        RsaSha256 => HashAlgorithmName.SHA256,
        RsaSha384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    private static HashAlgorithmName? PssHash(byte[] parameters)
    {
        // RSASSA-PSS-params ::= SEQUENCE { [0] hashAlgorithm, [1] maskGenAlgorithm, [2] saltLength, [3] trailerField }
        var reader = new AsnReader(parameters, AsnEncodingRules.DER).ReadSequence();
        if (!reader.HasData)
        {
            return null;
        }

        var hashOid = reader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence().ReadObjectIdentifier();
        HashAlgorithmName? hash = hashOid switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => null,
        };
        if (hash is null)
        {
            return null;
        }

        var expectedSalt = hash == HashAlgorithmName.SHA256 ? 32 : hash == HashAlgorithmName.SHA384 ? 48 : 64;
        if (reader.HasData && reader.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
        {
            reader.ReadEncodedValue();
        }

        if (reader.HasData && reader.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2)))
        {
            var salt = reader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2)).ReadInteger();
            if (salt != expectedSalt)
            {
                return null;
            }
        }

        return hash;
    }
}
