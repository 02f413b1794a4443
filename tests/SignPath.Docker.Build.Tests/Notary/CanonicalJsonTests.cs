using System.Text;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Tuf;
using Xunit;

namespace SignPath.Docker.Build.Tests.Notary;

public class CanonicalJsonTests
{
    [Theory]
    [InlineData("root.json")]
    [InlineData("targets.json")]
    [InlineData("targets_releases.json")]
    [InlineData("snapshot.json")]
    [InlineData("timestamp.json")]
    public void ReproducesTheSignedBytesNotaryWrote(string file)
    {
        var envelope = NotaryVectors.Envelope(file);

        Assert.Equal(envelope.SignedBytes, envelope.CanonicalSigned());
    }

    [Theory]
    [InlineData("root.json")]
    [InlineData("targets.json")]
    [InlineData("targets_releases.json")]
    [InlineData("snapshot.json")]
    [InlineData("timestamp.json")]
    public void EnvelopeWriterReproducesTheWholeFile(string file)
    {
        var envelope = NotaryVectors.Envelope(file);

        Assert.Equal(NotaryVectors.Read(file), TufEnvelope.Write(envelope.SignedBytes, envelope.Signatures));
    }

    [Fact]
    public void SortsKeysByBytesAndEscapesOnlyQuoteAndBackslash()
    {
        var node = JsonNode.Parse("{\"b\":1,\"a\":[true,null,\"<&>\\u00e9\\\"\\\\\\n\"],\"B\":{\"y\":-2,\"x\":\"\"}}");

        var text = Encoding.UTF8.GetString(CanonicalJson.Serialize(node));

        Assert.Equal("{\"B\":{\"x\":\"\",\"y\":-2},\"a\":[true,null,\"<&>é\\\"\\\\\n\"],\"b\":1}", text);
    }

    [Fact]
    public void RefusesFractionalNumbers()
    {
        var exception = Assert.Throws<SignPathDockerException>(() => CanonicalJson.Serialize(JsonNode.Parse("{\"a\":1.5}")));

        Assert.Equal(ErrorCodes.TrustDataInvalid, exception.Code);
    }

    [Theory]
    [InlineData("{\"signed\":{\"_type\":\"Targets\"},\"signed\":{},\"signatures\":[]}")]
    [InlineData("{\"signed\":{\"version\":1,\"version\":2},\"signatures\":[]}")]
    [InlineData("{\"signed\":{\"a\":[{\"k\":1,\"k\":1}]},\"signatures\":[]}")]
    public void ParsingRefusesDuplicateKeys(string json)
    {
        var exception = Assert.Throws<SignPathDockerException>(() => TufEnvelope.Parse(Encoding.UTF8.GetBytes(json), "test.json"));

        Assert.Equal(ErrorCodes.TrustDataInvalid, exception.Code);
        Assert.Contains("more than once", exception.Message, StringComparison.Ordinal);
    }
}
