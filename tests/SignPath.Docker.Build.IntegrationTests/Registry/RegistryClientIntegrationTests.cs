using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.IntegrationTests.Publish;
using SignPath.Docker.Build.IntegrationTests.Rig;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Registry.Credentials;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Registry;

/// <summary>RegistryClient against real docker-registry instances (distribution 2.8) on loopback.</summary>
[Collection(RegistryRigDefinition.Name)]
public sealed class RegistryClientIntegrationTests
{
    private readonly RegistryRig _rig;

    public RegistryClientIntegrationTests(RegistryRig rig)
    {
        _rig = rig;
    }

    [Fact]
    public async Task MonolithicPushCostsHeadPostPutAndTheHttpProbeOnce()
    {
        using var client = Client();
        var repo = Repo(_rig.Anonymous);
        var blob = RandomBytes(2000);
        var digest = ContentDigest.Sha256(blob);

        await client.PushBlobAsync(repo, digest, blob.Length, () => new MemoryStream(blob), default);

        // The https probe of a plain-http loopback registry fails once and is not repeated.
        Assert.Equal(1, client.Statistics.ConnectionFailures);
        Assert.Equal(3, client.Statistics.Requests);
        Assert.Equal((1, 1, 1), (client.Statistics.CountOf(HttpMethod.Head), client.Statistics.CountOf(HttpMethod.Post), client.Statistics.CountOf(HttpMethod.Put)));
        using var reader = new IndependentRegistryReader(repo.Registry);
        Assert.Equal(blob, await reader.GetBlobAsync(repo.Repository, digest));
    }

    [Fact]
    public async Task ChunkedPushUsesOnePatchPerChunk()
    {
        using var client = Client(new RegistryClientOptions { ChunkSize = 1024 });
        var repo = Repo(_rig.Anonymous);
        var blob = RandomBytes(3000);
        var digest = ContentDigest.Sha256(blob);

        await client.PushBlobAsync(repo, digest, blob.Length, () => new MemoryStream(blob), default);

        Assert.Equal(3, client.Statistics.CountOf(HttpMethod.Patch));
        Assert.Equal(1, client.Statistics.CountOf(HttpMethod.Put));
        using var reader = new IndependentRegistryReader(repo.Registry);
        Assert.Equal(blob, await reader.GetBlobAsync(repo.Repository, digest));
    }

    [Fact]
    public async Task PushingAnExistingBlobOnlyAsks()
    {
        using var client = Client();
        var repo = Repo(_rig.Anonymous);
        var blob = RandomBytes(100);
        var digest = ContentDigest.Sha256(blob);
        await client.PushBlobAsync(repo, digest, blob.Length, () => new MemoryStream(blob), default);
        client.Statistics.Reset();

        await client.PushBlobAsync(repo, digest, blob.Length, () => throw new InvalidOperationException("must not be read"), default);

        Assert.Equal(1, client.Statistics.Requests);
        Assert.Equal(1, client.Statistics.CountOf(HttpMethod.Head));
    }

    [Fact]
    public async Task ManifestRoundTripByTagAndDigest()
    {
        using var client = Client();
        var repo = Repo(_rig.Anonymous);
        var manifest = await TestImages.PushBlobsAsync(client, repo);

        var pushed = await client.PutManifestAsync(repo, "1.0", manifest, default);
        var byTag = await client.GetManifestAsync(repo, "1.0", default);
        var byDigest = await client.GetManifestAsync(repo, manifest.Digest, default);
        var headByTag = await client.HeadManifestAsync(repo, "1.0", default);
        var headByDigest = await client.HeadManifestAsync(repo, manifest.Digest, default);

        Assert.Equal(manifest.Digest, pushed);
        Assert.Equal(manifest.Content, byTag!.Content);
        Assert.Equal(MediaTypes.OciManifest, byTag.MediaType);
        Assert.Equal(manifest.Content, byDigest!.Content);
        Assert.Equal(new ManifestDescriptor(MediaTypes.OciManifest, manifest.Digest, manifest.Content.Length), headByTag);
        Assert.Equal(headByTag, headByDigest);
        Assert.Null(await client.GetManifestAsync(repo, "missing", default));
        Assert.Null(await client.HeadManifestAsync(repo, "missing", default));
    }

    [Fact]
    public async Task ManifestCanBePushedByItsDigest()
    {
        using var client = Client();
        var repo = Repo(_rig.Anonymous);
        var manifest = await TestImages.PushBlobsAsync(client, repo);

        Assert.Equal(manifest.Digest, await client.PutManifestAsync(repo, manifest.Digest, manifest, default));
        Assert.NotNull(await client.HeadManifestAsync(repo, manifest.Digest, default));
    }

    [Fact]
    public async Task BasicAuthIsNegotiatedOnceAndThenSentUpFront()
    {
        using var client = Client(Credentials(_rig.Authenticated, _rig.Password));
        var repo = Repo(_rig.Authenticated);
        var manifest = await TestImages.PushBlobsAsync(client, repo);
        await client.PutManifestAsync(repo, "1.0", manifest, default);
        client.Statistics.Reset();

        await client.HeadManifestAsync(repo, "1.0", default);
        await client.GetManifestAsync(repo, "1.0", default);

        Assert.Equal(2, client.Statistics.Requests);
    }

    [Fact]
    public async Task CredentialsFromTheSdkEnvironmentVariablesWork()
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = RegistryRig.User,
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = _rig.Password,
        };
        using var client = Client(new RegistryClientOptions { GetEnvironmentVariable = name => environment.GetValueOrDefault(name) });
        var repo = Repo(_rig.Authenticated);
        var blob = RandomBytes(64);

        await client.PushBlobAsync(repo, ContentDigest.Sha256(blob), blob.Length, () => new MemoryStream(blob), default);

        using var reader = new IndependentRegistryReader(repo.Registry, RegistryRig.User, _rig.Password);
        Assert.Equal(blob, await reader.GetBlobAsync(repo.Repository, ContentDigest.Sha256(blob)));
    }

    [Fact]
    public async Task WrongPasswordIsRegistryUnauthorizedWithoutTheSecret()
    {
        using var client = Client(Credentials(_rig.Authenticated, "wrong-password-x"));

        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.HeadManifestAsync(Repo(_rig.Authenticated), "1.0", default));

        Assert.Equal(ErrorCodes.RegistryUnauthorized, ex.Code);
        Assert.NotNull(ex.Hint);
        Assert.DoesNotContain("wrong-password-x", ex.Message + ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingCredentialsAreRegistryUnauthorized()
    {
        using var client = Client();

        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.HeadManifestAsync(Repo(_rig.Authenticated), "1.0", default));

        Assert.Equal(ErrorCodes.RegistryUnauthorized, ex.Code);
    }

    [Fact]
    public async Task ClosedPortIsRegistryUnreachable()
    {
        using var client = Client();
        var nobody = $"127.0.0.1:{FreePort.Next()}";

        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.HeadManifestAsync(Repo(nobody), "1.0", default));

        Assert.Equal(ErrorCodes.RegistryUnreachable, ex.Code);
        Assert.Contains(nobody, ex.Message, StringComparison.Ordinal);
    }

    [TlsRegistryFact]
    public async Task HttpsRegistryWithATestCaNeedsNoFallback()
    {
        using var client = Client();
        var repo = Repo(_rig.Tls!);
        var manifest = await TestImages.PushBlobsAsync(client, repo);

        await client.PutManifestAsync(repo, "1.0", manifest, default);
        var read = await client.GetManifestAsync(repo, "1.0", default);

        Assert.Equal(manifest.Digest, read!.Digest);
        Assert.Equal(0, client.Statistics.ConnectionFailures);
    }

    private static RegistryClient Client(RegistryClientOptions? options = null) =>
        new(options ?? new RegistryClientOptions { GetEnvironmentVariable = _ => null });

    private static RegistryClientOptions Credentials(string registry, string password) => new()
    {
        GetEnvironmentVariable = _ => null,
        Credentials = new Dictionary<string, RegistryCredentials> { [registry] = RegistryCredentials.WithPassword(RegistryRig.User, password) },
    };

    /// <summary>A fresh repository per test so tests never see each other's content.</summary>
    private static RepositoryReference Repo(string registry) => new(registry, "it/" + Guid.NewGuid().ToString("N")[..12]);

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
