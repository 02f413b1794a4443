using System.Security.Cryptography;
using SignPath.Docker.Build.Pkcs11;
using Xunit;

namespace SignPath.Docker.Build.Tests.Pkcs11;

public sealed class EcP256PublicKeyTests
{
    [Fact]
    public void AcceptsTheEcPointWrappedInAnOctetStringOrBare()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        byte[] point = [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
        byte[] wrapped = [0x04, 0x41, .. point];

        Assert.Equal(key.ExportSubjectPublicKeyInfo(), EcP256PublicKey.SubjectPublicKeyInfoFromEcPoint(wrapped));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), EcP256PublicKey.SubjectPublicKeyInfoFromEcPoint(point));
    }

    [Fact]
    public void RejectsCompressedPoints()
    {
        byte[] compressed = [0x04, 0x21, 0x02, .. new byte[32]];

        Assert.Throws<CryptographicException>(() => EcP256PublicKey.SubjectPublicKeyInfoFromEcPoint(compressed));
    }
}
