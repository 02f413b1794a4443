using System.Text;
using SignPath.Docker.Build.Notation;

namespace SignPath.Docker.Build.Tests.Notation;

/// <summary>The header rules of signature-envelope-jws.md ("Protected Headers") and notation-core-go's checks.</summary>
public class JwsProtectedHeaderTests
{
    private const string Base = "\"alg\":\"ES256\",\"cty\":\"application/vnd.cncf.notary.payload.v1+json\",\"io.cncf.notary.signingScheme\":\"notary.x509\"";

    [Fact]
    public void Accepts_extended_critical_attributes_and_expiry_marked_critical()
    {
        var header = Parse($"{{{Base},\"crit\":[\"io.cncf.notary.signingScheme\",\"custom\",\"io.cncf.notary.expiry\"],\"custom\":\"v\",\"other\":1," +
            "\"io.cncf.notary.signingTime\":\"2022-08-29T13:50:00Z\",\"io.cncf.notary.expiry\":\"2099-08-30T13:50:00+02:00\"}");

        Assert.Equal(new DateTimeOffset(2022, 8, 29, 13, 50, 0, TimeSpan.Zero), header.SigningTime);
        Assert.Equal(new DateTimeOffset(2099, 8, 30, 11, 50, 0, TimeSpan.Zero), header.Expiry);
        Assert.Equal(["custom"], header.CriticalExtendedAttributes);
        Assert.Equal(2, header.ExtendedAttributes.Count);
    }

    [Theory]
    [InlineData("\"io.cncf.notary.signingTime\":\"2022-08-29T13:50:00Z\"", "crit")]
    [InlineData("\"crit\":[\"io.cncf.notary.signingScheme\"]", "signingTime")]
    [InlineData("\"crit\":[],\"io.cncf.notary.signingTime\":\"2022-08-29T13:50:00Z\"", "crit")]
    [InlineData("\"crit\":[\"io.cncf.notary.signingScheme\",\"missing\"],\"io.cncf.notary.signingTime\":\"2022-08-29T13:50:00Z\"", "missing")]
    [InlineData("\"crit\":[\"io.cncf.notary.signingScheme\"],\"io.cncf.notary.signingTime\":\"2022-08-29T13:50:00Z\",\"io.cncf.notary.expiry\":\"2099-01-01T00:00:00Z\"", "not marked critical")]
    [InlineData("\"crit\":[\"io.cncf.notary.signingScheme\"],\"io.cncf.notary.signingTime\":\"2022-08-29 13:50:00\"", "RFC 3339")]
    [InlineData("\"crit\":[\"io.cncf.notary.signingScheme\"],\"io.cncf.notary.signingTime\":\"2022-08-29T13:50:00Z\",\"io.cncf.notary.authenticSigningTime\":\"2022-08-29T13:50:00Z\"", "must not be present")]
    public void Refuses_headers_that_break_the_rules(string rest, string reason)
    {
        var error = Assert.Throws<NotationFormatException>(() => Parse($"{{{Base},{rest}}}"));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData("EdDSA")]
    public void Refuses_algorithms_outside_the_specification(string alg)
    {
        Assert.Throws<NotationFormatException>(() => Parse(
            $"{{\"alg\":\"{alg}\",\"cty\":\"x\",\"io.cncf.notary.signingScheme\":\"notary.x509\",\"crit\":[\"io.cncf.notary.signingScheme\"],\"io.cncf.notary.signingTime\":\"2022-08-29T13:50:00Z\"}}"));
    }

    [Fact]
    public void Refuses_duplicate_names()
    {
        Assert.Throws<NotationFormatException>(() => Parse($"{{{Base},\"alg\":\"ES384\",\"crit\":[\"io.cncf.notary.signingScheme\"],\"io.cncf.notary.signingTime\":\"2022-08-29T13:50:00Z\"}}"));
    }

    [Fact]
    public void Writes_what_notation_writes()
    {
        var json = Encoding.UTF8.GetString(JwsProtectedHeader.Create(JwsAlgorithm.ES256, new DateTimeOffset(2026, 1, 1, 12, 0, 0, 500, TimeSpan.Zero)));

        Assert.Equal(
            "{\"alg\":\"ES256\",\"crit\":[\"io.cncf.notary.signingScheme\"],\"cty\":\"application/vnd.cncf.notary.payload.v1+json\"," +
            "\"io.cncf.notary.signingScheme\":\"notary.x509\",\"io.cncf.notary.signingTime\":\"2026-01-01T12:00:00Z\"}",
            json);
    }

    private static JwsProtectedHeader Parse(string json) => JwsProtectedHeader.Parse(Encoding.UTF8.GetBytes(json));
}
