using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Pkcs11;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Pkcs11;

[Collection(SoftHsmTestGroup.Name)]
public sealed class NotaryRootCertificateTests(SoftHsmFixture softHsm)
{
    private const string Gun = "localhost:5000/sample/app";

    [Fact]
    public void RootCertificateHasTheFieldsNotaryGenerates()
    {
        using var store = SoftHsmFixture.OpenStore();
        var key = store.GenerateKeyPair(Pkcs11KeyIdentity.RootKeyLabel(Gun));
        var now = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

        using var certificate = NotaryRootCertificateFactory.Create(store, key, Gun, now);

        Assert.Equal(Gun, certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Equal(certificate.SubjectName.RawData, certificate.IssuerName.RawData);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), new DateTimeOffset(certificate.NotBefore.ToUniversalTime()));
        Assert.Equal(TimeSpan.FromDays(3650), certificate.NotAfter - certificate.NotBefore);
        Assert.Equal("1.2.840.10045.4.3.2", certificate.SignatureAlgorithm.Value);
        Assert.Equal(key.SubjectPublicKeyInfo, certificate.PublicKey.ExportSubjectPublicKeyInfo());

        var keyUsage = Assert.Single(certificate.Extensions.OfType<X509KeyUsageExtension>());
        Assert.True(keyUsage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, keyUsage.KeyUsages);
        var extendedKeyUsage = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal("1.3.6.1.5.5.7.3.3", Assert.Single(extendedKeyUsage.EnhancedKeyUsages.Cast<Oid>()).Value);
        var basicConstraints = Assert.Single(certificate.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(basicConstraints.Critical);
        Assert.False(basicConstraints.CertificateAuthority);
        Assert.Equal(3, certificate.Extensions.Count);

        var serial = certificate.SerialNumberBytes.Span;
        Assert.Equal(16, serial.Length);
        Assert.True(serial[0] is > 0 and < 0x80, "the big-endian serial is positive, without a leading zero octet");
    }

    [Fact]
    public void OpensslAcceptsTheTokenSignedCertificate()
    {
        using var store = SoftHsmFixture.OpenStore();
        var key = store.GenerateKeyPair(Pkcs11KeyIdentity.RootKeyLabel(Gun));
        using var certificate = NotaryRootCertificateFactory.Create(store, key, Gun, DateTimeOffset.UtcNow);
        var pem = GoPemEncoding.EncodeCertificate(certificate.RawData);
        var path = Path.Combine(softHsm.Directory, $"root-{key.IdHex}.pem");
        File.WriteAllText(path, pem);

        var verify = SoftHsmFixture.Run("openssl", ["verify", "-CAfile", path, path]);
        var text = SoftHsmFixture.Run("openssl", ["x509", "-in", path, "-noout", "-text"]);
        var reencoded = SoftHsmFixture.Run("openssl", ["x509", "-in", path, "-outform", "PEM"]);

        Assert.Equal($"{path}: OK\n", verify);
        Assert.Contains($"Subject: CN = {Gun}", text, StringComparison.Ordinal);
        Assert.Contains($"Issuer: CN = {Gun}", text, StringComparison.Ordinal);
        Assert.Contains("Signature Algorithm: ecdsa-with-SHA256", text, StringComparison.Ordinal);
        Assert.Contains("ASN1 OID: prime256v1", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Extended Key Usage: \n                Code Signing", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Basic Constraints: critical\n                CA:FALSE", text, StringComparison.Ordinal);
        // openssl writes PEM the way Go does (64-column lines, "\n", trailing newline).
        Assert.Equal(reencoded, pem);
    }

    [Fact]
    public void StoredCertificateIsReadBackAndReplacedAfterReopening()
    {
        Pkcs11KeyPair key;
        byte[] second;
        using (var store = SoftHsmFixture.OpenStore())
        {
            key = store.GenerateKeyPair(Pkcs11KeyIdentity.RootKeyLabel(Gun));
            Assert.Null(store.FindCertificate(key));
            using var first = NotaryRootCertificateFactory.Create(store, key, Gun, DateTimeOffset.UtcNow);
            store.StoreCertificate(key, first);
            using var renewed = NotaryRootCertificateFactory.Create(store, key, Gun, DateTimeOffset.UtcNow.AddDays(1));
            store.StoreCertificate(key, renewed);
            second = renewed.RawData;
        }

        using var reopened = SoftHsmFixture.OpenStore();
        using var stored = reopened.FindCertificate(key);

        Assert.NotNull(stored);
        Assert.Equal(second, stored.RawData);
        var certificates = Pkcs11ToolObject.Parse(softHsm.Pkcs11Tool("--list-objects", "--type", "cert"));
        var listed = Assert.Single(certificates, o => o.Id == key.IdHex);
        Assert.Equal(key.Label, listed.Fields["label"]);
    }

    [Fact]
    public void KeyIsFoundByTheX509TufKeyIdOfItsStoredCertificate()
    {
        string x509KeyId;
        Pkcs11KeyPair key;
        using (var store = SoftHsmFixture.OpenStore())
        {
            key = store.GenerateKeyPair(Pkcs11KeyIdentity.RootKeyLabel(Gun));
            using var certificate = NotaryRootCertificateFactory.Create(store, key, Gun, DateTimeOffset.UtcNow);
            store.StoreCertificate(key, certificate);
            x509KeyId = new Pkcs11TufSigner(store, key, certificate).PublicKey.KeyId;
        }

        using var reopened = SoftHsmFixture.OpenStore();
        var found = reopened.FindKeyByTufKeyId(x509KeyId);

        Assert.NotEqual(key.CanonicalKeyId, x509KeyId);
        Assert.NotNull(found);
        Assert.Equal(key.Id, found.Id);
        Assert.Equal(key.Id, reopened.GetKey(x509KeyId).Id);
    }

    [Fact]
    public void CertificateForAnotherKeyIsRefused()
    {
        using var store = SoftHsmFixture.OpenStore();
        var key = store.GenerateKeyPair(Pkcs11KeyIdentity.RootKeyLabel(Gun));
        var other = store.GenerateKeyPair(Pkcs11KeyIdentity.RootKeyLabel(Gun));
        using var certificate = NotaryRootCertificateFactory.Create(store, other, Gun, DateTimeOffset.UtcNow);

        Assert.Throws<ArgumentException>(() => store.StoreCertificate(key, certificate));
        Assert.Throws<ArgumentException>(() => new Pkcs11TufSigner(store, key, certificate));
    }
}
