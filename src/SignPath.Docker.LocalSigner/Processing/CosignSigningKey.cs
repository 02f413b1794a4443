using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// The key behind the "cosign" artifact configuration: EC P-256 (ECDSA SHA-256, ASN.1 DER, what cosign
/// verifies) or RSA (PKCS#1 v1.5 SHA-256). Created on first use so a fresh rig needs no openssl step.
/// </summary>
public sealed class CosignSigningKey : IDisposable
{
    private const string NistP256Oid = "1.2.840.10045.3.1.7";

    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;

    private CosignSigningKey(ECDsa? ecdsa, RSA? rsa, string publicKeyPath)
    {
        _ecdsa = ecdsa;
        _rsa = rsa;
        PublicKeyPath = publicKeyPath;
        Certificate = CreateCertificate(ecdsa, rsa);
    }

    /// <summary>
    /// A self-signed certificate of the key, made at start-up: what the signing policy's certificate is in SignPath
    /// (served as certificateBytes by MySigningPolicies). Only its public key matters to clients.
    /// </summary>
    public byte[] Certificate { get; }

    /// <summary>SignPath's keyType for the key.</summary>
    public string KeyType => _ecdsa is not null ? "EcDsa" : "Rsa";

    public int KeySizeInBits => _ecdsa?.KeySize ?? _rsa!.KeySize;

    /// <summary>SignPath's publicKeyBytes: a PKCS#1 RSAPublicKey for RSA (as its docs show), the SubjectPublicKeyInfo for EC (undocumented).</summary>
    public byte[] PublicKeyBytes => _ecdsa is not null ? _ecdsa.ExportSubjectPublicKeyInfo() : _rsa!.ExportRSAPublicKey();

    /// <summary>SPKI PEM of the public key, beside the private key with the extension ".pub".</summary>
    public string PublicKeyPath { get; }

    public string Algorithm => _ecdsa is not null ? "ECDSA P-256 SHA-256" : "RSA PKCS#1 v1.5 SHA-256";

    /// <summary>Loads the PEM private key at <paramref name="path"/>, or creates an EC P-256 key there (mode 600).</summary>
    public static async Task<CosignSigningKey> LoadOrCreateAsync(string path, CancellationToken cancellationToken)
    {
        var publicKeyPath = Path.ChangeExtension(path, ".pub");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            await PrivateKeyFile.WriteAsync(path, created.ExportPkcs8PrivateKeyPem(), cancellationToken);
        }

        var pem = await File.ReadAllTextAsync(path, cancellationToken);
        var key = Parse(pem, path, publicKeyPath);
        if (!File.Exists(publicKeyPath))
        {
            await File.WriteAllTextAsync(publicKeyPath, key.ExportPublicKeyPem(), cancellationToken);
        }

        return key;
    }

    public byte[] Sign(ReadOnlySpan<byte> data) => Sign(data, HashAlgorithmName.SHA256);

    /// <summary>Signs with another hash, as an artifact configuration with hash-algorithm="sha384" would.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data, HashAlgorithmName hash) => _ecdsa is not null
        ? _ecdsa.SignData(data, hash, DSASignatureFormat.Rfc3279DerSequence)
        : _rsa!.SignData(data.ToArray(), hash, RSASignaturePadding.Pkcs1);

    /// <summary>A self-signed certificate of a fresh key of the same type: the "wrong certificate" a policy could hold.</summary>
    public static byte[] CreateOtherCertificate(string keyType)
    {
        if (keyType == "Rsa")
        {
            using var rsa = RSA.Create(2048);
            return CreateCertificate(null, rsa);
        }

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return CreateCertificate(ecdsa, null);
    }

    private static byte[] CreateCertificate(ECDsa? ecdsa, RSA? rsa)
    {
        var subject = new X500DistinguishedName("CN=LocalSigner cosign signing policy");
        var request = ecdsa is not null
            ? new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256)
            : new CertificateRequest(subject, rsa!, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(3));
        return certificate.Export(X509ContentType.Cert);
    }

    /// <summary>DER SubjectPublicKeyInfo, what cosign's bundle key hint is a hash of.</summary>
    public byte[] SubjectPublicKeyInfo => _ecdsa is not null ? _ecdsa.ExportSubjectPublicKeyInfo() : _rsa!.ExportSubjectPublicKeyInfo();

    public string ExportPublicKeyPem() => _ecdsa is not null ? _ecdsa.ExportSubjectPublicKeyInfoPem() : _rsa!.ExportSubjectPublicKeyInfoPem();

    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    private static CosignSigningKey Parse(string pem, string path, string publicKeyPath)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new InvalidOperationException($"{path} holds no PEM private key.");
        }

        var label = pem[fields.Label];
        switch (label)
        {
            case "EC PRIVATE KEY":
                return FromEcdsa(pem, path, publicKeyPath);
            case "RSA PRIVATE KEY":
                return FromRsa(pem, publicKeyPath);
            case "PRIVATE KEY":
                try
                {
                    return FromEcdsa(pem, path, publicKeyPath);
                }
                catch (CryptographicException)
                {
                    return FromRsa(pem, publicKeyPath);
                }

            default:
                throw new InvalidOperationException(
                    $"{path} holds a '{label}' PEM; expected an unencrypted EC P-256 or RSA private key (EC PRIVATE KEY, RSA PRIVATE KEY or PKCS#8 PRIVATE KEY).");
        }
    }

    private static CosignSigningKey FromEcdsa(string pem, string path, string publicKeyPath)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            if (ecdsa.ExportParameters(false).Curve.Oid.Value != NistP256Oid)
            {
                throw new InvalidOperationException($"{path} is an EC key on a curve other than P-256, which cosign pairs with SHA-256.");
            }

            return new CosignSigningKey(ecdsa, null, publicKeyPath);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    private static CosignSigningKey FromRsa(string pem, string publicKeyPath)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new CosignSigningKey(null, rsa, publicKeyPath);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }
}
