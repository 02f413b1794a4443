using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SignPath.Docker.Build.Crypto;

/// <summary>
/// A public key signatures are checked with: RSA, or ECDSA on P-256, P-384 or P-521. It comes from a PEM the user
/// pinned (CosignPublicKey) or from the certificate of the SignPath signing policy. The factories throw
/// <see cref="CryptographicException"/> for anything else; callers word the error for their source.
/// </summary>
public sealed class VerificationKey : IDisposable
{
    private readonly RSA? rsa;
    private readonly ECDsa? ecdsa;

    private VerificationKey(RSA? rsa, ECDsa? ecdsa, string source)
    {
        this.rsa = rsa;
        this.ecdsa = ecdsa;
        Source = source;
        if (ecdsa is not null)
        {
            var parameters = ecdsa.ExportParameters(false);
            (CurveName, FieldSizeBytes) = parameters.Curve.Oid.Value switch
            {
                "1.2.840.10045.3.1.7" => ("P-256", 32),
                "1.3.132.0.34" => ("P-384", 48),
                "1.3.132.0.35" => ("P-521", 66),
                var oid => throw new CryptographicException($"the EC curve {parameters.Curve.Oid.FriendlyName ?? oid} is not supported (P-256, P-384 and P-521 are)"),
            };
        }
    }

    public VerificationKeyType KeyType => rsa is not null ? VerificationKeyType.Rsa : VerificationKeyType.Ecdsa;

    /// <summary>Where the key came from, for messages: e.g. "the CosignPublicKey property".</summary>
    public string Source { get; }

    /// <summary>"P-256", "P-384" or "P-521" for ECDSA keys.</summary>
    public string? CurveName { get; }

    /// <summary>Bytes of r and of s in an IEEE P1363 (r‖s) ECDSA signature; 0 for RSA.</summary>
    public int FieldSizeBytes { get; }

    /// <summary>RSA signatures are exactly as long as the modulus.</summary>
    public int RsaSignatureBytes => rsa is null ? 0 : (rsa.KeySize + 7) / 8;

    public string Description => rsa is not null ? $"RSA {rsa.KeySize}-bit" : $"ECDSA {CurveName}";

    internal RSA? Rsa => rsa;

    internal ECDsa? Ecdsa => ecdsa;

    /// <summary>The key as cosign.pub holds it: a PEM SubjectPublicKeyInfo ("PUBLIC KEY").</summary>
    public string ExportPem() => rsa is not null ? rsa.ExportSubjectPublicKeyInfoPem() : ecdsa!.ExportSubjectPublicKeyInfoPem();

    /// <summary>A PEM public key (SubjectPublicKeyInfo or PKCS#1 "RSA PUBLIC KEY") or a PEM certificate.</summary>
    public static VerificationKey FromPem(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new CryptographicException("no PEM block was found");
        }

        var label = pem[fields.Label];
        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        return label switch
        {
            "CERTIFICATE" => FromCertificate(der, source),
            "PUBLIC KEY" => FromSubjectPublicKeyInfo(der, source),
            "RSA PUBLIC KEY" => FromRsaPublicKey(der, source),
            _ => throw new CryptographicException($"a '{label}' PEM block is not a public key or certificate"),
        };
    }

    /// <summary>A DER X.509 certificate (SignPath's certificateBytes): only its public key is used.</summary>
    public static VerificationKey FromCertificate(byte[] der, string source)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        return FromSubjectPublicKeyInfo(certificate.PublicKey.ExportSubjectPublicKeyInfo(), source);
    }

    public static VerificationKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> der, string source)
    {
        // The algorithm OID decides; trying one import after the other would hide why a key was refused.
        var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
        var algorithm = reader.ReadSequence().ReadSequence().ReadObjectIdentifier();
        switch (algorithm)
        {
            case "1.2.840.113549.1.1.1":
                var rsa = RSA.Create();
                try
                {
                    rsa.ImportSubjectPublicKeyInfo(der, out _);
                    return new VerificationKey(rsa, null, source);
                }
                catch
                {
                    rsa.Dispose();
                    throw;
                }

            case "1.2.840.10045.2.1":
                var ecdsa = ECDsa.Create();
                try
                {
                    ecdsa.ImportSubjectPublicKeyInfo(der, out _);
                    return new VerificationKey(null, ecdsa, source);
                }
                catch
                {
                    ecdsa.Dispose();
                    throw;
                }

            default:
                throw new CryptographicException($"keys of algorithm {algorithm} are not supported (RSA and ECDSA are)");
        }
    }

    /// <summary>A PKCS#1 RSAPublicKey, the form of SignPath's publicKeyBytes for RSA keys.</summary>
    public static VerificationKey FromRsaPublicKey(ReadOnlySpan<byte> der, string source)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportRSAPublicKey(der, out var read);
            if (read != der.Length)
            {
                throw new CryptographicException("unexpected bytes after the RSA public key");
            }

            return new VerificationKey(rsa, null, source);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>An uncompressed SEC 1 point (0x04‖X‖Y); its length tells the curve.</summary>
    public static VerificationKey FromEcPoint(ReadOnlySpan<byte> point, string source)
    {
        var curve = point.Length switch
        {
            65 => ECCurve.NamedCurves.nistP256,
            97 => ECCurve.NamedCurves.nistP384,
            133 => ECCurve.NamedCurves.nistP521,
            _ => throw new CryptographicException($"an EC point of {point.Length} bytes is not an uncompressed P-256, P-384 or P-521 point"),
        };
        if (point[0] != 0x04)
        {
            throw new CryptographicException("only uncompressed EC points are supported");
        }

        var half = (point.Length - 1) / 2;
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportParameters(new ECParameters { Curve = curve, Q = new ECPoint { X = point[1..(1 + half)].ToArray(), Y = point[(1 + half)..].ToArray() } });
            return new VerificationKey(null, ecdsa, source);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        rsa?.Dispose();
        ecdsa?.Dispose();
    }
}
