using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// Makes a Notary Project COSE_Sign1 envelope the way notation-core-go's signature/cose Sign does: protected alg, crit
/// [signingScheme], content type, <c>io.cncf.notary.signingScheme</c> <c>notary.x509</c> and the signing time as a tag 1
/// epoch time; unprotected x5chain (label 33, leaf → root) and the signing agent. Built with Microsoft's
/// System.Security.Cryptography.Cose only: the package's verifier must not share code with the signer it is tested against.
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-envelope-cose.md.
/// </summary>
public static class NotationCoseSigning
{
    public const string MediaType = "application/cose";

    public static byte[] Sign(byte[] payload, IReadOnlyList<X509Certificate2> chain, ECDsa key, DateTimeOffset signingTime, string signingAgent)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var protectedHeaders = new CoseHeaderMap
        {
            [CoseHeaderLabel.CriticalHeaders] = Encoded(w =>
            {
                w.WriteStartArray(1);
                w.WriteTextString("io.cncf.notary.signingScheme");
                w.WriteEndArray();
            }),
            [CoseHeaderLabel.ContentType] = CoseHeaderValue.FromString("application/vnd.cncf.notary.payload.v1+json"),
            [new CoseHeaderLabel("io.cncf.notary.signingScheme")] = CoseHeaderValue.FromString("notary.x509"),
            [new CoseHeaderLabel("io.cncf.notary.signingTime")] = Encoded(w =>
            {
                w.WriteTag(CborTag.UnixTimeSeconds);
                w.WriteInt64(signingTime.ToUnixTimeSeconds());
            }),
        };
        var unprotectedHeaders = new CoseHeaderMap
        {
            [new CoseHeaderLabel(33)] = Encoded(w =>
            {
                w.WriteStartArray(chain.Count);
                foreach (var certificate in chain)
                {
                    w.WriteByteString(certificate.RawData);
                }

                w.WriteEndArray();
            }),
            [new CoseHeaderLabel("io.cncf.notary.signingAgent")] = CoseHeaderValue.FromString(signingAgent),
        };

        // The library adds alg (ES256 for a P-256 key with SHA-256) to the protected header and writes the tagged form.
        return CoseSign1Message.SignEmbedded(payload, new CoseSigner(key, HashAlgorithmName.SHA256, protectedHeaders, unprotectedHeaders));
    }

    private static CoseHeaderValue Encoded(Action<CborWriter> write)
    {
        var writer = new CborWriter();
        write(writer);
        return CoseHeaderValue.FromEncodedValue(writer.Encode());
    }
}
