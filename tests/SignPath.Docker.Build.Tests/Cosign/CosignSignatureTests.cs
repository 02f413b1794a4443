using System.Security.Cryptography;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Crypto;

namespace SignPath.Docker.Build.Tests.Cosign;

public class CosignSignatureTests
{
    [Fact]
    public void Raw_ecdsa_signatures_become_der_and_still_verify()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var data = "payload"u8.ToArray();
        var raw = key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        var der = CosignSignature.ToCosignForm(raw);

        Assert.True(SignatureVerifier.IsDerEcdsaSignature(der));
        Assert.True(key.VerifyData(data, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Der_and_rsa_signatures_are_kept_as_they_are()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        var der = ec.SignData("x"u8, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var rsaSignature = rsa.SignData("x"u8.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.Equal(der, CosignSignature.ToCosignForm(der));
        Assert.Equal(rsaSignature, CosignSignature.ToCosignForm(rsaSignature));
    }
}
