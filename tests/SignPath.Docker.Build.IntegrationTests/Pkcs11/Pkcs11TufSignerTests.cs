using System.Security.Cryptography;
using System.Text;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Pkcs11;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Pkcs11;

[Collection(SoftHsmTestGroup.Name)]
public sealed class Pkcs11TufSignerTests(SoftHsmFixture softHsm)
{
    private const string Gun = "localhost:5000/sample/signer";

    private static readonly byte[] CanonicalSigned =
        Encoding.UTF8.GetBytes("{\"_type\":\"Root\",\"consistent_snapshot\":false,\"expires\":\"2035-01-01T00:00:00Z\",\"version\":1}");

    [Fact]
    public void PublicKeyIsTheCertificateAsAnEcdsaX509KeyWithNotarysKeyId()
    {
        using var store = SoftHsmFixture.OpenStore();
        var (signer, _) = CreateSigner(store);

        var pem = Encoding.UTF8.GetString(signer.PublicKey.Public);

        Assert.Equal("ecdsa", signer.Method);
        Assert.Equal(TufKey.EcdsaX509, signer.PublicKey.KeyType);
        Assert.Equal(signer.CertificatePem, pem);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", pem, StringComparison.Ordinal);
        Assert.EndsWith("\n-----END CERTIFICATE-----\n", pem, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', pem);
        Assert.All(pem.Split('\n')[1..^2], line => Assert.InRange(line.Length, 1, 64));
        var canonical = $"{{\"keytype\":\"ecdsa-x509\",\"keyval\":{{\"private\":null,\"public\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(pem))}\"}}}}";
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), signer.PublicKey.KeyId);
    }

    [Fact]
    public async Task SignatureIsRawRAndSOverSha256OfTheCanonicalBytes()
    {
        using var store = SoftHsmFixture.OpenStore();
        var (signer, key) = CreateSigner(store);

        var signature = await signer.SignAsync(CanonicalSigned, CancellationToken.None);

        Assert.Equal(64, signature.Length);
        using var verifier = ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
        Assert.True(verifier.VerifyData(CanonicalSigned, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public async Task OpensslVerifiesTheSignatureWithTheCertificatesPublicKey()
    {
        using var store = SoftHsmFixture.OpenStore();
        var (signer, key) = CreateSigner(store);
        var signature = await signer.SignAsync(CanonicalSigned, CancellationToken.None);
        var prefix = Path.Combine(softHsm.Directory, "signer-" + key.IdHex);
        await File.WriteAllTextAsync(prefix + ".crt", signer.CertificatePem);
        await File.WriteAllBytesAsync(prefix + ".data", CanonicalSigned);
        await File.WriteAllBytesAsync(prefix + ".sig", EcdsaSignatureEncoding.RawToDer(signature));
        var publicKeyPem = SoftHsmFixture.Run("openssl", ["x509", "-in", prefix + ".crt", "-noout", "-pubkey"]);
        await File.WriteAllTextAsync(prefix + ".pub", publicKeyPem);

        var result = SoftHsmFixture.Run("openssl", ["dgst", "-sha256", "-verify", prefix + ".pub", "-signature", prefix + ".sig", prefix + ".data"]);

        Assert.Equal("Verified OK\n", result);
    }

    [Fact]
    public async Task CanceledSigningDoesNotReachTheToken()
    {
        using var store = SoftHsmFixture.OpenStore();
        var (signer, _) = CreateSigner(store);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => signer.SignAsync(CanonicalSigned, new CancellationToken(canceled: true)));
    }

    private static (Pkcs11TufSigner Signer, Pkcs11KeyPair Key) CreateSigner(Pkcs11KeyStore store)
    {
        var key = store.GenerateKeyPair(Pkcs11KeyIdentity.RootKeyLabel(Gun));
        using var certificate = NotaryRootCertificateFactory.Create(store, key, Gun, DateTimeOffset.UtcNow);
        return (new Pkcs11TufSigner(store, key, certificate), key);
    }
}
