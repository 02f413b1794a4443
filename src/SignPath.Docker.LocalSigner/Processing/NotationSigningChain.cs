using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// The certificate chain behind the local Notation signatures, standing in for a SignPath signing policy's certificate:
/// a self-signed P-256 root CA and a P-256 code-signing leaf that meets the Notary Project certificate rules (critical
/// keyUsage digitalSignature, EKU codeSigning, cA=false). Created on first start in a directory of its own and reused:
/// <c>notation-root.crt</c> is what users put in their notation trust store (and in NotationRootCertificate).
/// </summary>
public sealed class NotationSigningChain : IDisposable
{
    public const string RootFileName = "notation-root.crt";
    private const string LeafFileName = "notation-leaf.crt";
    private const string LeafKeyFileName = "notation-leaf.key";

    private NotationSigningChain(X509Certificate2 root, X509Certificate2 leaf, ECDsa leafKey)
    {
        Root = root;
        Leaf = leaf;
        LeafKey = leafKey;
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Leaf { get; }

    public ECDsa LeafKey { get; }

    public static async Task<NotationSigningChain> LoadOrCreateAsync(string directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var rootPath = Path.Combine(directory, RootFileName);
        var leafPath = Path.Combine(directory, LeafFileName);
        var keyPath = Path.Combine(directory, LeafKeyFileName);
        if (!File.Exists(rootPath) || !File.Exists(leafPath) || !File.Exists(keyPath))
        {
            Directory.CreateDirectory(directory);
            var (root, leaf, key) = Create("SignPath.Docker.LocalSigner", time.GetUtcNow());
            using (root)
            using (leaf)
            using (key)
            {
                await PrivateKeyFile.WriteAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), cancellationToken);
                await File.WriteAllTextAsync(leafPath, leaf.ExportCertificatePem(), cancellationToken);
                await File.WriteAllTextAsync(rootPath, root.ExportCertificatePem(), cancellationToken);
            }
        }

        var leafKey = ECDsa.Create();
        leafKey.ImportFromPem(await File.ReadAllTextAsync(keyPath, cancellationToken));
        return new NotationSigningChain(
            X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(rootPath, cancellationToken)),
            X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(leafPath, cancellationToken)),
            leafKey);
    }

    /// <summary>A fresh chain (also the "wrong key" fault: a valid chain nobody trusts).</summary>
    public static (X509Certificate2 Root, X509Certificate2 Leaf, ECDsa LeafKey) Create(string name, DateTimeOffset now)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest($"CN={name} Notation Root, O=SignPath.Docker.Build test", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        var root = rootRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={name} Release Signer, O=SignPath.Docker.Build test", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        var leaf = leafRequest.Create(root, now.AddMinutes(-5), now.AddYears(5), RandomNumberGenerator.GetBytes(16));
        return (root, leaf, leafKey);
    }

    public void Dispose()
    {
        Root.Dispose();
        Leaf.Dispose();
        LeafKey.Dispose();
    }
}
