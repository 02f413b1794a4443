using System.Security.Cryptography;
using SignPath.Docker.Build.Pkcs11;

using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Pkcs11;

[Collection(SoftHsmTestGroup.Name)]
public sealed class Pkcs11KeyStoreTests(SoftHsmFixture softHsm)
{
    [Fact]
    public void GeneratedKeySignsADigestThatVerifiesWithItsPublicKey()
    {
        using var store = SoftHsmFixture.OpenStore();
        var key = store.GenerateKeyPair(UniqueLabel());
        var message = "canonical signed bytes"u8.ToArray();

        var signature = store.SignDigest(key, SHA256.HashData(message));

        Assert.Equal(64, signature.Length);
        using var verifier = ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
        Assert.Equal(256, verifier.KeySize);
        Assert.True(verifier.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void GeneratedKeyIsNamedByItsCanonicalKeyIdAndTheGivenLabel()
    {
        using var store = SoftHsmFixture.OpenStore();
        var label = Pkcs11KeyIdentity.RootKeyLabel("localhost:5000/sample/" + Guid.NewGuid().ToString("N"));

        var key = store.GenerateKeyPair(label);

        Assert.Equal(key.CanonicalKeyId, key.IdHex);
        Assert.Equal(label, key.Label);
        Assert.StartsWith("notary-root-localhost:5000/sample/", label, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratedPrivateKeyIsSensitiveAndNeverExtractableAsPkcs11ToolSeesIt()
    {
        using var store = SoftHsmFixture.OpenStore();
        var key = store.GenerateKeyPair(UniqueLabel());

        var listing = softHsm.Pkcs11Tool("--login", "--pin", SoftHsmFixture.Pin, "--list-objects", "--type", "privkey");

        var privateKey = Assert.Single(Pkcs11ToolObject.Parse(listing), o => o.Id == key.IdHex);
        Assert.StartsWith("Private Key Object; EC", privateKey.Heading, StringComparison.Ordinal);
        // An extractable key would show the separate flag "extractable".
        Assert.Contains("sensitive", privateKey.Access);
        Assert.Contains("always sensitive", privateKey.Access);
        Assert.Contains("never extractable", privateKey.Access);
        Assert.Contains("local", privateKey.Access);
        Assert.DoesNotContain("extractable", privateKey.Access);
        Assert.Contains("sign", privateKey.Usage);
    }

    [Fact]
    public void PrivateKeyIsInvisibleWithoutLogin()
    {
        using var store = SoftHsmFixture.OpenStore();
        var key = store.GenerateKeyPair(UniqueLabel());

        var objects = Pkcs11ToolObject.Parse(softHsm.Pkcs11Tool("--list-objects")).Where(o => o.Id == key.IdHex).ToList();

        var publicKey = Assert.Single(objects);
        Assert.StartsWith("Public Key Object; EC", publicKey.Heading, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyIsFoundAgainByIdLabelAndTufKeyIdAfterReopening()
    {
        Pkcs11KeyPair generated;
        var label = UniqueLabel();
        using (var store = SoftHsmFixture.OpenStore())
        {
            generated = store.GenerateKeyPair(label);
        }

        using var reopened = SoftHsmFixture.OpenStore();
        foreach (var found in new[]
        {
            reopened.FindKeyById(generated.Id),
            reopened.FindKeyByLabel(label),
            reopened.FindKeyByTufKeyId(generated.CanonicalKeyId),
            reopened.GetKey(generated.IdHex),
            reopened.GetKey(label),
        })
        {
            Assert.NotNull(found);
            Assert.Equal(generated.Id, found.Id);
            Assert.Equal(label, found.Label);
            Assert.Equal(generated.SubjectPublicKeyInfo, found.SubjectPublicKeyInfo);
        }
    }

    [Fact]
    public void KeyMadeByAnotherToolIsFoundByItsCanonicalKeyId()
    {
        var label = UniqueLabel();
        softHsm.Pkcs11Tool("--login", "--pin", SoftHsmFixture.Pin, "--keypairgen", "--key-type", "EC:prime256v1", "--id", "0a0b0c", "--label", label);
        using var store = SoftHsmFixture.OpenStore();
        var byId = store.FindKeyById([0x0a, 0x0b, 0x0c]);
        Assert.NotNull(byId);

        var byTufKeyId = store.FindKeyByTufKeyId(byId.CanonicalKeyId);

        Assert.NotNull(byTufKeyId);
        Assert.Equal(byId.Id, byTufKeyId.Id);
        store.DeleteKey(byId);
    }

    [Fact]
    public void DeletedKeyAndItsCertificateAreGone()
    {
        using var store = SoftHsmFixture.OpenStore();
        var key = store.GenerateKeyPair(UniqueLabel());
        using var certificate = NotaryRootCertificateFactory.Create(store, key, "example.com/deleted", DateTimeOffset.UtcNow);
        store.StoreCertificate(key, certificate);

        store.DeleteKey(key);

        Assert.Null(store.FindKeyById(key.Id));
        Assert.Null(store.FindKeyByLabel(key.Label));
        Assert.Null(store.FindCertificate(key));
        var listing = softHsm.Pkcs11Tool("--login", "--pin", SoftHsmFixture.Pin, "--list-objects");
        Assert.DoesNotContain(Pkcs11ToolObject.Parse(listing), o => o.Id == key.IdHex);
        var error = Assert.Throws<Diagnostics.SignPathDockerException>(() => store.SignDigest(key, new byte[32]));
        Assert.Equal(Diagnostics.ErrorCodes.Pkcs11KeyNotFound, error.Code);
    }

    [Fact]
    public void UnknownKeyIsReportedAsNotFound()
    {
        using var store = SoftHsmFixture.OpenStore();

        var error = Assert.Throws<Diagnostics.SignPathDockerException>(() => store.GetKey("no-such-key"));

        Assert.Equal(Diagnostics.ErrorCodes.Pkcs11KeyNotFound, error.Code);
        Assert.Contains(SoftHsmFixture.TokenLabel, error.Message, StringComparison.Ordinal);
    }

    private static string UniqueLabel() => "test-" + Guid.NewGuid().ToString("N");
}
