using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using Xunit;

namespace SignPath.Docker.Build.Tests.Registry;

public class ImageReferenceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("localhost:5000/sample/app:1.0", "localhost:5000", "sample/app", "1.0", null)]
    [InlineData("127.0.0.1:5000/app", "127.0.0.1:5000", "app", null, null)]
    [InlineData("ubuntu", "docker.io", "library/ubuntu", null, null)]
    [InlineData("user/app:latest", "docker.io", "user/app", "latest", null)]
    [InlineData("index.docker.io/user/app", "docker.io", "user/app", null, null)]
    [InlineData("registry.example.com/a/b/c@" + Digest, "registry.example.com", "a/b/c", null, Digest)]
    [InlineData("localhost/app:v1@" + Digest, "localhost", "app", "v1", Digest)]
    [InlineData("[::1]:5000/app:1", "[::1]:5000", "app", "1", null)]
    public void Parses(string value, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(value);

        Assert.Equal(new ImageReference(registry, repository, tag, digest), reference);
        Assert.Equal(digest ?? tag ?? "latest", reference.Reference);
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost:5000/Upper/app")]
    [InlineData("localhost:5000/app@sha256:short")]
    [InlineData("localhost:5000/app:bad tag")]
    public void RejectsInvalid(string value)
    {
        var ex = Assert.Throws<SignPathDockerException>(() => ImageReference.Parse(value));

        Assert.Equal(ErrorCodes.InvalidImageReference, ex.Code);
        Assert.NotNull(ex.Hint);
    }
}
