using System.Security.Cryptography;
using SignPath.Docker.Build.Pkcs11;
using Xunit;

namespace SignPath.Docker.Build.Tests.Pkcs11;

public sealed class EcdsaSignatureEncodingTests
{
    [Fact]
    public void ConvertsBetweenTheFormsDotNetProduces()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var data = "data"u8.ToArray();
        // Enough signatures that some r or s have the top bit set (DER adds 0x00) or a leading zero byte (DER drops it).
        for (var i = 0; i < 64; i++)
        {
            var raw = key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

            var der = EcdsaSignatureEncoding.RawToDer(raw);

            Assert.True(key.VerifyData(data, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            Assert.Equal(raw, EcdsaSignatureEncoding.DerToRaw(der, 32));
        }
    }

    [Fact]
    public void KeepsLeadingZerosOfRawHalvesAndPadsThemBack()
    {
        var raw = new byte[64];
        raw[31] = 0x01;
        raw[32] = 0x80;
        raw[63] = 0x02;

        var der = EcdsaSignatureEncoding.RawToDer(raw);

        Assert.Equal(new byte[] { 0x30, 0x26, 0x02, 0x01, 0x01, 0x02, 0x21, 0x00, 0x80 }, der[..9]);
        Assert.Equal(raw, EcdsaSignatureEncoding.DerToRaw(der, 32));
    }

    [Fact]
    public void RejectsMalformedInput()
    {
        Assert.Throws<ArgumentException>(() => EcdsaSignatureEncoding.RawToDer(new byte[63]));
        var tooLong = EcdsaSignatureEncoding.RawToDer(Enumerable.Repeat((byte)0x7F, 66).ToArray());
        Assert.Throws<ArgumentException>(() => EcdsaSignatureEncoding.DerToRaw(tooLong, 32));
    }
}
