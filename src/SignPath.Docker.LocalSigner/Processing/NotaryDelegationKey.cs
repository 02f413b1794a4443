using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Pkcs11;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// The key behind the "notary" artifact configuration: EC P-256 with a self-signed certificate (CN=signpath),
/// which is what gets added as the delegation (notary delegation add … &lt;PATH&gt;.crt). Created on first
/// use so a fresh rig needs no openssl step.
/// </summary>
public sealed class NotaryDelegationKey : IDisposable
{
    public const string CommonName = "signpath";
    public const int CertificateYears = 3;
    private const string NistP256Oid = "1.2.840.10045.3.1.7";
    private const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";

    private readonly ECDsa _key;
    private readonly X509Certificate2 _certificate;

    private NotaryDelegationKey(ECDsa key, X509Certificate2 certificate, string certificatePath)
    {
        _key = key;
        _certificate = certificate;
        CertificatePath = certificatePath;
        Signer = new LocalTufSigner(key, certificate);
    }

    /// <summary>The PEM certificate beside the key, with the extension ".crt".</summary>
    public string CertificatePath { get; }

    /// <summary>Signs as the ecdsa-x509 key delegations list (key ID over the Go-encoded certificate PEM).</summary>
    public LocalTufSigner Signer { get; }

    public TufKey PublicKey => Signer.PublicKey;

    /// <summary>Loads the PEM private key at <paramref name="path"/>, or creates one (mode 600); likewise its certificate.</summary>
    public static async Task<NotaryDelegationKey> LoadOrCreateAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        var certificatePath = Path.ChangeExtension(path, ".crt");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            await PrivateKeyFile.WriteAsync(path, created.ExportPkcs8PrivateKeyPem(), cancellationToken);
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(await File.ReadAllTextAsync(path, cancellationToken));
            if (key.ExportParameters(false).Curve.Oid.Value != NistP256Oid)
            {
                throw new InvalidOperationException($"{path} is not an EC P-256 key, which notary delegations use.");
            }

            if (!File.Exists(certificatePath))
            {
                using var fresh = CreateCertificate(key, time.GetUtcNow());
                // Go's PEM form: notary re-encodes certificates that way, and the key ID hashes that text.
                await File.WriteAllTextAsync(certificatePath, GoPemEncoding.EncodeCertificate(fresh.RawData), cancellationToken);
            }

            var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificatePath, cancellationToken));
            try
            {
                return new NotaryDelegationKey(key, certificate, certificatePath);
            }
            catch
            {
                certificate.Dispose();
                throw;
            }
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>For tests: an in-memory key and certificate.</summary>
    public static NotaryDelegationKey CreateInMemory(DateTimeOffset now)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = CreateCertificate(key, now);
        return new NotaryDelegationKey(key, X509CertificateLoader.LoadCertificate(certificate.RawData), "(memory)");
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }

    private static X509Certificate2 CreateCertificate(ECDsa key, DateTimeOffset now)
    {
        var request = new CertificateRequest($"CN={CommonName}", key, HashAlgorithmName.SHA256);
        // The extensions notary's own certificates carry (tuf/utils/x509.go NewCertificate).
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CodeSigningOid)], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(CertificateYears));
    }
}
