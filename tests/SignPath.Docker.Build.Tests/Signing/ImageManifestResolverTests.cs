using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.Tests.Fakes;

namespace SignPath.Docker.Build.Tests.Signing;

public sealed class ImageManifestResolverTests
{
    private static readonly RepositoryReference Repository = new("localhost:5000", "sample/app");
    private readonly InMemoryRegistry registry = new();

    [Fact]
    public async Task Only_tagged_images_of_unknown_size_are_asked_about()
    {
        var tagged = Add("1.0");
        var known = Add("2.0");
        var platform = Add("3.0");

        var resolved = await ImageManifestResolver.WithSizesOfTaggedAsync(
            registry,
            [new ImageToSign(Repository, tagged.Digest, ["1.0"]), new ImageToSign(Repository, known.Digest, ["2.0"]) { Size = 42 }, new ImageToSign(Repository, platform.Digest, [])],
            4,
            CancellationToken.None);

        Assert.Equal([tagged.Digest], registry.HeadedReferences);
        Assert.Equal(tagged.Content.Length, resolved[0].Size);
        Assert.True(resolved[0].KnownToExist);
        Assert.Equal(42, resolved[1].Size);
        Assert.Null(resolved[2].Size);
    }

    [Fact]
    public async Task An_image_that_is_not_there_is_SPD2004_and_a_known_one_is_not_asked_about()
    {
        var present = Add("1.0");

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => ImageManifestResolver.EnsureExistAsync(
            registry,
            [new ImageToSign(Repository, present.Digest, ["1.0"]) { KnownToExist = true }, new ImageToSign(Repository, ContentDigest.Sha256("absent"u8), [])],
            4,
            CancellationToken.None));

        Assert.Equal(ErrorCodes.ManifestNotFound, error.Code);
        Assert.DoesNotContain(present.Digest, registry.HeadedReferences);
    }

    private RegistryManifest Add(string tag)
    {
        var manifest = new RegistryManifest(MediaTypes.OciManifest, Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"tag\":\"{tag}\"}}"));
        registry.AddManifest(Repository, tag, manifest);
        return manifest;
    }
}
