using SignPath.Docker.Build.Pkcs11;
using Xunit;

namespace SignPath.Docker.Build.Tests.Pkcs11;

public sealed class GoPemEncodingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(47)]
    [InlineData(48)]
    [InlineData(49)]
    [InlineData(96)]
    [InlineData(400)]
    public void WritesSixtyFourColumnLinesWithNewlinesAndATrailingNewline(int length)
    {
        var der = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        var pem = GoPemEncoding.EncodeCertificate(der);

        var lines = pem.Split('\n');
        Assert.Equal("-----BEGIN CERTIFICATE-----", lines[0]);
        Assert.Equal("-----END CERTIFICATE-----", lines[^2]);
        Assert.Equal(string.Empty, lines[^1]);
        var body = lines[1..^2];
        Assert.All(body[..^1], line => Assert.Equal(64, line.Length));
        Assert.InRange(body[^1].Length, 1, 64);
        Assert.Equal(der, Convert.FromBase64String(string.Concat(body)));
    }
}
