using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Pkcs11;
using Xunit;

namespace SignPath.Docker.Build.Tests.Pkcs11;

/// <summary>The factory with a software key standing in for the token; the token path is in the integration tests.</summary>
public sealed class NotaryRootCertificateFactoryTests
{
    [Fact]
    public void SignsWithTheRawSignerAndTheSignatureVerifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signerCalls = 0;

        using var certificate = NotaryRootCertificateFactory.Create(
            key.ExportSubjectPublicKeyInfo(),
            digest =>
            {
                signerCalls++;
                Assert.Equal(32, digest.Length);
                return key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            },
            "example.com/app",
            DateTimeOffset.UtcNow);

        Assert.Equal(1, signerCalls);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Theory]
    [InlineData("localhost:5000/sample/app", "PrintableString", 0x13)]
    [InlineData("registry.example.com/team_a/app", "UTF8String", 0x0C)]
    public void WritesTheCommonNameAsGoDoes(string gun, string expectedType, byte tag)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var certificate = NotaryRootCertificateFactory.Create(
            key.ExportSubjectPublicKeyInfo(),
            digest => key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            gun,
            DateTimeOffset.UtcNow);

        Assert.Equal(gun, certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        // Name = SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, <string> } } }: the string tag follows the 5-byte OID.
        var name = certificate.SubjectName.RawData;
        Assert.True(tag == name[11], $"expected {expectedType}");
    }

    [Fact]
    public void RejectsOtherHashAlgorithms()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var generator = new RawEcdsaSignatureGenerator(key.ExportSubjectPublicKeyInfo(), _ => new byte[64]);

        Assert.Throws<ArgumentOutOfRangeException>(() => generator.SignData([1], HashAlgorithmName.SHA1));
    }
}
