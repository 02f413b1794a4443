using System.Text;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Tests.Cosign;

public class SimpleSigningPayloadTests
{
    private const string Digest = "sha256:d474d955cd4b0d2f0b46e4b3a0e6c2d5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b7";

    [Fact]
    public void Matches_the_bytes_cosign_generate_prints()
    {
        // Shape and field order of `cosign generate localhost:5000/sample/app@<digest>` (sigstore's
        // SimpleContainerImage marshalled by Go's encoding/json).
        var expected = "{\"critical\":{\"identity\":{\"docker-reference\":\"localhost:5000/sample/app\"},\"image\":{\"docker-manifest-digest\":\"" +
            Digest + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}";

        var payload = SimpleSigningPayload.Create(new RepositoryReference("localhost:5000", "sample/app"), Digest);

        Assert.Equal(expected, Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public void Annotations_are_sorted_and_escaped_like_go()
    {
        var payload = SimpleSigningPayload.Create(
            new RepositoryReference("localhost:5000", "sample/app"),
            Digest,
            new Dictionary<string, string> { ["z"] = "1", ["a"] = "<&>" });

        Assert.EndsWith("\"optional\":{\"a\":\"\\u003C\\u0026\\u003E\",\"z\":\"1\"}}", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_Hub_is_spelled_as_go_containerregistry_does()
    {
        var payload = Encoding.UTF8.GetString(SimpleSigningPayload.Create(ImageReference.Parse("nginx").RepositoryReference, Digest));

        Assert.Contains("\"docker-reference\":\"index.docker.io/library/nginx\"", payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_back_the_claimed_digest()
    {
        var payload = SimpleSigningPayload.Create(new RepositoryReference("r", "x"), Digest);

        Assert.Equal(Digest, SimpleSigningPayload.ReadClaimedDigest(payload));
        Assert.Null(SimpleSigningPayload.ReadClaimedDigest("{\"critical\":{}}"u8));
    }
}
