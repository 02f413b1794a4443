using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SignPath.Docker.Build.Notation;

/// <summary>
/// The certificate requirements of the Notary Project signature specification
/// (https://github.com/notaryproject/specifications/blob/main/specs/signature-specification.md#certificate-requirements),
/// in the order notation-core-go checks them (x509/codesigning_cert_validations.go): the chain is ordered leaf → root,
/// each certificate issued by the next, ending in a self-signed root, no self-signed leaf or intermediate, every
/// certificate valid at the signing time; CA certificates with basicConstraints cA=true (pathLen honoured) and a critical
/// keyUsage with keyCertSign; the leaf with a critical keyUsage of digitalSignature only, cA not true, no EKU that is
/// not for code signing, and an RSA 2048/3072/4096 or EC P-256/384/521 key. A single self-signed certificate is allowed
/// when it meets the leaf rules.
/// </summary>
internal static class NotationCertificateChain
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    private const string TimeStamping = "1.3.6.1.5.5.7.3.8";
    private const string OcspSigning = "1.3.6.1.5.5.7.3.9";
    private const string KeyUsageOid = "2.5.29.15";

    private static readonly string[] ExcludedEkus = [ServerAuth, ClientAuth, EmailProtection, TimeStamping, OcspSigning];

    /// <summary>Throws <see cref="NotationFormatException"/> naming the first rule the chain breaks.</summary>
    public static void Validate(IReadOnlyList<X509Certificate2> chain, DateTimeOffset? signingTime)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count == 0)
        {
            throw new NotationFormatException("the certificate chain is empty");
        }

        if (chain.Count == 1)
        {
            var certificate = chain[0];
            if (!IsSelfSigned(certificate))
            {
                throw new NotationFormatException($"the only certificate '{certificate.Subject}' is not self-signed");
            }

            ValidAt(certificate, signingTime);
            ValidateLeaf(certificate);
            return;
        }

        for (var i = 0; i < chain.Count; i++)
        {
            var certificate = chain[i];
            ValidAt(certificate, signingTime);
            if (i == chain.Count - 1)
            {
                if (!IsSelfSigned(certificate))
                {
                    throw new NotationFormatException($"the chain does not end in a self-signed root ('{certificate.Subject}' is not self-signed)");
                }
            }
            else
            {
                if (IsSelfSigned(certificate))
                {
                    throw new NotationFormatException(i == 0
                        ? $"the leaf certificate '{certificate.Subject}' is self-signed"
                        : $"the intermediate certificate '{certificate.Subject}' is self-signed");
                }

                if (!IsIssuedBy(certificate, chain[i + 1]))
                {
                    throw new NotationFormatException($"certificate '{certificate.Subject}' is not issued by '{chain[i + 1].Subject}'");
                }
            }

            if (i == 0)
            {
                ValidateLeaf(certificate);
            }
            else
            {
                ValidateCertificateAuthority(certificate, expectedPathLength: i - 1);
            }
        }
    }

    /// <summary>The leaf rules alone (also for a single self-signed certificate).</summary>
    public static void ValidateLeaf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
        {
            throw new NotationFormatException($"leaf certificate '{certificate.Subject}': basic constraints must not set cA");
        }

        var keyUsage = CriticalKeyUsage(certificate);
        if (!keyUsage.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            throw new NotationFormatException($"leaf certificate '{certificate.Subject}': key usage must include digitalSignature");
        }

        const X509KeyUsageFlags forbidden = X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment |
            X509KeyUsageFlags.KeyAgreement | X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign |
            X509KeyUsageFlags.EncipherOnly | X509KeyUsageFlags.DecipherOnly;
        if ((keyUsage & forbidden) != 0)
        {
            throw new NotationFormatException($"leaf certificate '{certificate.Subject}': key usage must be digitalSignature only, found {keyUsage}");
        }

        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } eku)
        {
            foreach (var usage in eku.EnhancedKeyUsages)
            {
                if (ExcludedEkus.Contains(usage.Value))
                {
                    throw new NotationFormatException($"leaf certificate '{certificate.Subject}': extended key usage {usage.FriendlyName ?? usage.Value} is not allowed for code signing");
                }
            }
        }

        // The key type and size decide the only allowed signature algorithm; an unsupported key fails here.
        _ = JwsAlgorithm.ForKey(certificate);
    }

    private static void ValidateCertificateAuthority(X509Certificate2 certificate, int expectedPathLength)
    {
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true } constraints)
        {
            throw new NotationFormatException($"CA certificate '{certificate.Subject}': basic constraints must be present with cA=true");
        }

        if (constraints.HasPathLengthConstraint && constraints.PathLengthConstraint < expectedPathLength)
        {
            throw new NotationFormatException($"CA certificate '{certificate.Subject}': path length {constraints.PathLengthConstraint} is shorter than the chain below it ({expectedPathLength})");
        }

        if (!CriticalKeyUsage(certificate).HasFlag(X509KeyUsageFlags.KeyCertSign))
        {
            throw new NotationFormatException($"CA certificate '{certificate.Subject}': key usage must include keyCertSign");
        }
    }

    private static X509KeyUsageFlags CriticalKeyUsage(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[KeyUsageOid] as X509KeyUsageExtension
            ?? throw new NotationFormatException($"certificate '{certificate.Subject}': the key usage extension must be present");
        return extension.Critical
            ? extension.KeyUsages
            : throw new NotationFormatException($"certificate '{certificate.Subject}': the key usage extension must be critical");
    }

    private static void ValidAt(X509Certificate2 certificate, DateTimeOffset? time)
    {
        if (time is { } t && (t < certificate.NotBefore.ToUniversalTime() || t > certificate.NotAfter.ToUniversalTime()))
        {
            throw new NotationFormatException(
                $"certificate '{certificate.Subject}' was not valid at {JwsProtectedHeader.FormatTime(t)} (valid from {JwsProtectedHeader.FormatTime(certificate.NotBefore)} to {JwsProtectedHeader.FormatTime(certificate.NotAfter)})");
        }
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) => IsIssuedBy(certificate, certificate);

    private static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 issuer) =>
        SignedBy(certificate, issuer) && issuer.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static bool SignedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        try
        {
            return CertificateSignature.IsSignedBy(certificate, issuer);
        }
        catch (Exception e) when (e is CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            return false;
        }
    }
}
