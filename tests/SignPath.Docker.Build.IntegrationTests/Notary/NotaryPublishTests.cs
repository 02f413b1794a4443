using System.Security.Cryptography;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Notary;

/// <summary>Our client against a real notary-server, with the notary CLI initialising repos and verifying results.</summary>
public sealed class NotaryPublishTests(HttpNotaryRig rig) : IClassFixture<HttpNotaryRig>
{
    private static readonly string[] BothRoles = [TufRoleName.Releases, "targets/signpath"];

    [Fact]
    public async Task PublishedTagsAreListedByTheNotaryCliAndLaterPublishesKeepThem()
    {
        var gun = "localhost:5000/it/publish";
        var trustDirectory = await rig.InitRepositoryAsync(gun);
        using var http = rig.CreateHttpClient();
        var client = new NotaryClient(http, rig.ServerUrl);
        var store = new FileTrustedRootStore(Path.Combine(rig.Directory, "tofu-publish"));
        var policy = RootTrustPolicy.TrustOnFirstUse(store);
        var publisher = new NotaryDelegationPublisher(client, new TrustDataLoader(client));
        using var key = rig.LoadDelegationKey();
        using var certificate = rig.LoadDelegationCertificate();
        var signer = new LocalTufSigner(key, certificate);
        var manifest = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}");
        var meta = TufFileMeta.ForSha256(SHA256.HashData(manifest), manifest.Length);

        await publisher.PublishTargetsAsync(gun, policy, BothRoles, new Dictionary<string, TufFileMeta> { ["1.0"] = meta, ["latest"] = meta }, signer, CancellationToken.None);

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(manifest));
        var listing = await rig.NotaryCliAsync(trustDirectory, "list", gun);
        AssertListed(listing, "1.0", sha256, manifest.Length);
        AssertListed(listing, "latest", sha256, manifest.Length);

        var other = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"other\":true}");
        await publisher.PublishTargetsAsync(
            gun, policy, BothRoles, new Dictionary<string, TufFileMeta> { ["2.0"] = TufFileMeta.ForContent(other) }, signer, CancellationToken.None);

        listing = await rig.NotaryCliAsync(trustDirectory, "list", gun);
        AssertListed(listing, "1.0", sha256, manifest.Length);
        AssertListed(listing, "latest", sha256, manifest.Length);
        AssertListed(listing, "2.0", Convert.ToHexStringLower(SHA256.HashData(other)), other.Length);
        var signpathListing = await rig.NotaryCliAsync(trustDirectory, "list", gun, "-r", "targets/signpath");
        AssertListed(signpathListing, "2.0", Convert.ToHexStringLower(SHA256.HashData(other)), other.Length);

        var trust = await new TrustDataLoader(client).LoadAsync(gun, policy, null, CancellationToken.None);
        Assert.Equal(3, trust.Delegations[TufRoleName.Releases].Role.Targets.Count);
        Assert.Equal(2, trust.Delegations[TufRoleName.Releases].Role.Version);
    }

    [Fact]
    public async Task RootIsRefusedWhenAnotherKeyIsPinnedAndAcceptedWhenItsOwnIs()
    {
        var gun = "localhost:5000/it/pinning";
        await rig.InitRepositoryAsync(gun);
        using var http = rig.CreateHttpClient();
        var client = new NotaryClient(http, rig.ServerUrl);
        var loader = new TrustDataLoader(client);

        var exception = await Assert.ThrowsAsync<SignPathDockerException>(() =>
            loader.LoadAsync(gun, RootTrustPolicy.PinKeyIds([new string('a', 64)]), null, CancellationToken.None));
        Assert.Equal(ErrorCodes.RootNotTrusted, exception.Code);

        var store = new FileTrustedRootStore(Path.Combine(rig.Directory, "tofu-pinning"));
        var first = await loader.LoadAsync(gun, RootTrustPolicy.TrustOnFirstUse(store), null, CancellationToken.None);
        var rootKeyIds = first.Root.Role.Roles[TufRoleName.Root].KeyIds;
        var pinned = await loader.LoadAsync(gun, RootTrustPolicy.PinKeyIds(rootKeyIds), first.Versions, CancellationToken.None);
        Assert.Equal(first.Root.Role.Version, pinned.Root.Role.Version);

        // A repository that does not exist is reported as such, not as a verification failure.
        var missing = await Assert.ThrowsAsync<SignPathDockerException>(() =>
            loader.LoadAsync("localhost:5000/it/nothing", RootTrustPolicy.TrustOnFirstUse(store), null, CancellationToken.None));
        Assert.Equal(ErrorCodes.TrustDataNotInitialized, missing.Code);
    }

    [Fact]
    public async Task ARootTrustedBeforeIsNotWrittenAgain()
    {
        var gun = "localhost:5000/it/tofu-unchanged";
        await rig.InitRepositoryAsync(gun);
        using var http = rig.CreateHttpClient();
        var client = new NotaryClient(http, rig.ServerUrl);
        var store = new CountingRootStore(new FileTrustedRootStore(Path.Combine(rig.Directory, "tofu-unchanged")));
        var log = new CollectingProgressLog();

        await new TrustDataLoader(client, log: log).LoadAsync(gun, RootTrustPolicy.TrustOnFirstUse(store), null, CancellationToken.None);
        await new TrustDataLoader(client, log: log).LoadAsync(gun, RootTrustPolicy.TrustOnFirstUse(store), null, CancellationToken.None);

        Assert.Equal(1, store.Writes);
        Assert.Single(log.Lines, line => line.StartsWith(ErrorCodes.RootTrustedOnFirstUse, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AConcurrentWriterBetweenOurFetchAndPostIsRetriedAndBothTargetsSurvive()
    {
        var gun = "localhost:5000/it/concurrent";
        var trustDirectory = await rig.InitRepositoryAsync(gun);
        await rig.NotaryCliAsync(trustDirectory, "key", "import", rig.DelegationKeyFile, "--role", TufRoleName.Releases);
        var cliManifest = Path.Combine(rig.Directory, "cli-manifest.json");
        await File.WriteAllTextAsync(cliManifest, "{\"schemaVersion\":2,\"cli\":true}");

        using var http = rig.CreateHttpClient();
        var client = new NotaryClient(http, rig.ServerUrl);
        var policy = RootTrustPolicy.TrustOnFirstUse(new FileTrustedRootStore(Path.Combine(rig.Directory, "tofu-concurrent")));
        var publisher = new NotaryDelegationPublisher(client, new TrustDataLoader(client));
        using var key = rig.LoadDelegationKey();
        using var certificate = rig.LoadDelegationCertificate();
        var signer = new LocalTufSigner(key, certificate);
        var claimed = new Dictionary<string, TufFileMeta> { ["ours"] = TufFileMeta.ForContent("{\"schemaVersion\":2,\"ours\":true}"u8) };
        var attempts = 0;

        await publisher.PublishAsync(gun, policy, null, async (trust, ct) =>
        {
            attempts++;
            if (attempts == 1)
            {
                await rig.NotaryCliAsync(trustDirectory, "add", gun, "theirs", cliManifest, "--roles", TufRoleName.Releases);
                await rig.NotaryCliAsync(trustDirectory, "publish", gun);
            }

            var update = DelegationUpdateBuilder.Build(trust, TufRoleName.Releases, claimed, DateTimeOffset.UtcNow);
            var file = await TufEnvelope.SignAsync(update.CanonicalSigned, [signer], ct);
            DelegationUpdateChecker.Check(trust, TufRoleName.Releases, file, claimed, DateTimeOffset.UtcNow);
            return new Dictionary<string, byte[]> { [TufRoleName.Releases] = file };
        }, CancellationToken.None);

        Assert.Equal(2, attempts);
        var listing = await rig.NotaryCliAsync(trustDirectory, "list", gun);
        Assert.Contains("theirs", listing, StringComparison.Ordinal);
        Assert.Contains("ours", listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVersionConflictIsReportedAsSuchByTheClient()
    {
        var gun = "localhost:5000/it/conflict";
        await rig.InitRepositoryAsync(gun);
        using var http = rig.CreateHttpClient();
        var client = new NotaryClient(http, rig.ServerUrl);
        var trust = await new TrustDataLoader(client).LoadAsync(
            gun, RootTrustPolicy.TrustOnFirstUse(new FileTrustedRootStore(Path.Combine(rig.Directory, "tofu-conflict"))), null, CancellationToken.None);
        using var key = rig.LoadDelegationKey();
        using var certificate = rig.LoadDelegationCertificate();
        var update = DelegationUpdateBuilder.Build(trust, TufRoleName.Releases, new Dictionary<string, TufFileMeta> { ["x"] = TufFileMeta.ForContent("x"u8) }, DateTimeOffset.UtcNow);
        var file = await TufEnvelope.SignAsync(update.CanonicalSigned, [new LocalTufSigner(key, certificate)], CancellationToken.None);
        await client.PublishAsync(gun, new Dictionary<string, byte[]> { [TufRoleName.Releases] = file }, CancellationToken.None);

        var again = await Assert.ThrowsAsync<SignPathDockerException>(() =>
            client.PublishAsync(gun, new Dictionary<string, byte[]> { [TufRoleName.Releases] = file }, CancellationToken.None));
        Assert.Equal(ErrorCodes.NotaryVersionConflict, again.Code);

        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var unsigned = DelegationUpdateBuilder.Build(trust, "targets/signpath", new Dictionary<string, TufFileMeta> { ["y"] = TufFileMeta.ForContent("y"u8) }, DateTimeOffset.UtcNow);
        var wrongKey = await TufEnvelope.SignAsync(unsigned.CanonicalSigned, [new LocalTufSigner(stranger)], CancellationToken.None);
        var rejected = await Assert.ThrowsAsync<SignPathDockerException>(() =>
            client.PublishAsync(gun, new Dictionary<string, byte[]> { ["targets/signpath"] = wrongKey }, CancellationToken.None));
        Assert.Equal(ErrorCodes.SignedTrustDataRejected, rejected.Code);
        Assert.Contains("ErrBadTargets", rejected.Message, StringComparison.Ordinal);
    }

    private static void AssertListed(string listing, string tag, string sha256, int size) =>
        Assert.Contains(
            listing.Split('\n'),
            line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var name, var digest, var length, ..]
                && name == tag && digest == sha256 && length == size.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private sealed class CountingRootStore(ITrustedRootStore inner) : ITrustedRootStore
    {
        public int Writes { get; private set; }

        public Task<byte[]?> ReadAsync(string gun, CancellationToken cancellationToken) => inner.ReadAsync(gun, cancellationToken);

        public Task WriteAsync(string gun, byte[] rootFile, CancellationToken cancellationToken)
        {
            Writes++;
            return inner.WriteAsync(gun, rootFile, cancellationToken);
        }
    }
}
