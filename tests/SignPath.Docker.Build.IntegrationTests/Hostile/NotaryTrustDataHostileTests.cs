using System.Security.Cryptography;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Trust;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Hostile;

/// <summary>
/// Trust data from a real notary-server that must not be trusted: roles seen at a higher version before
/// (rollback), roles past their expiry, a root whose keys are not the pinned ones. Each is refused before
/// anything is signed or published.
/// </summary>
public sealed class NotaryTrustDataHostileTests(HttpNotaryRig rig) : IClassFixture<HttpNotaryRig>
{
    [Fact]
    public async Task Rolled_back_versions_are_refused()
    {
        var (loader, gun, policy) = await SetUpAsync("rollback");
        var current = await loader.LoadAsync(gun, policy, null, CancellationToken.None);

        foreach (var role in current.Versions.Keys)
        {
            var seen = current.Versions.ToDictionary(v => v.Key, v => v.Key == role ? v.Value + 1 : v.Value);
            var exception = await Assert.ThrowsAsync<SignPathDockerException>(() => loader.LoadAsync(gun, policy, seen, CancellationToken.None));
            Assert.Equal(ErrorCodes.TrustDataInvalid, exception.Code);
            Assert.Contains("rollback", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Expired_roles_are_refused()
    {
        var (_, gun, policy) = await SetUpAsync("expired");
        using var http = rig.CreateHttpClient();
        var client = new NotaryClient(http, rig.ServerUrl);

        // notary-server signs timestamp.json for 14 days, the other roles for years: a month on, only timestamp
        // has expired (much later the root certificate expires first, which is SPD5006).
        var late = new TrustDataLoader(client, new FixedTime(DateTimeOffset.UtcNow.AddDays(30)));
        var exception = await Assert.ThrowsAsync<SignPathDockerException>(() => late.LoadAsync(gun, policy, null, CancellationToken.None));

        Assert.Equal(ErrorCodes.TrustDataInvalid, exception.Code);
        Assert.Contains("timestamp expired", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_root_signed_by_unknown_keys_is_refused()
    {
        var (loader, gun, _) = await SetUpAsync("unknown-root");
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var strangerId = Convert.ToHexStringLower(SHA256.HashData(stranger.ExportSubjectPublicKeyInfo()));

        var exception = await Assert.ThrowsAsync<SignPathDockerException>(() =>
            loader.LoadAsync(gun, RootTrustPolicy.PinKeyIds([strangerId]), null, CancellationToken.None));

        Assert.Equal(ErrorCodes.RootNotTrusted, exception.Code);
    }

    private async Task<(TrustDataLoader Loader, string Gun, RootTrustPolicy Policy)> SetUpAsync(string name)
    {
        var gun = $"localhost:5000/hostile/{name}-{Guid.NewGuid().ToString("N")[..6]}";
        await rig.InitRepositoryAsync(gun);
        var http = rig.CreateHttpClient();
        var client = new NotaryClient(http, rig.ServerUrl);
        var policy = RootTrustPolicy.TrustOnFirstUse(new FileTrustedRootStore(Path.Combine(rig.Directory, "tofu-" + name)));
        return (new TrustDataLoader(client), gun, policy);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
