using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// The public key a user expects SignPath to sign with (cosign.pub). Checking the returned signature
/// against it before anything is pushed turns a misconfigured signing policy into a build error
/// instead of a signature nobody can verify.
/// </summary>
public sealed class CosignPublicKey : IDisposable
{
    private readonly ECDsa? ecdsa;
    private readonly RSA? rsa;

    private CosignPublicKey(ECDsa? ecdsa, RSA? rsa)
    {
        this.ecdsa = ecdsa;
        this.rsa = rsa;
    }

    public static CosignPublicKey FromPem(string pem, string source)
    {
        try
        {
            if (pem.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
            {
                using var certificate = X509Certificate2.CreateFromPem(pem);
                return new CosignPublicKey(certificate.GetECDsaPublicKey(), certificate.GetRSAPublicKey());
            }

            var spki = new System.Text.StringBuilder();
            foreach (var line in pem.Split('\n'))
            {
                if (!line.StartsWith("-----", StringComparison.Ordinal))
                {
                    spki.Append(line.Trim());
                }
            }

            var der = Convert.FromBase64String(spki.ToString());
            var ec = ECDsa.Create();
            try
            {
                ec.ImportSubjectPublicKeyInfo(der, out _);
                return new CosignPublicKey(ec, null);
            }
            catch (CryptographicException)
            {
                ec.Dispose();
            }

            var r = RSA.Create();
            r.ImportSubjectPublicKeyInfo(der, out _);
            return new CosignPublicKey(null, r);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidPublicKey,
                $"The cosign public key in {source} is not a PEM public key or certificate (EC or RSA).",
                "Set CosignPublicKey to the PEM public key of SignPath's signing certificate, e.g. the output of `cosign public-key`.",
                e);
        }
    }

    /// <summary>Verifies a signature (DER or r‖s for ECDSA; PKCS#1 v1.5 or PSS for RSA) over the payload bytes.</summary>
    public bool Verify(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        if (ecdsa is not null)
        {
            var format = CosignSignature.IsDerEcdsaSignature(signature)
                ? DSASignatureFormat.Rfc3279DerSequence
                : DSASignatureFormat.IeeeP1363FixedFieldConcatenation;
            return ecdsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, format);
        }

        return rsa is not null &&
            (rsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) ||
             rsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    public void Dispose()
    {
        ecdsa?.Dispose();
        rsa?.Dispose();
    }
}
