using System.Security.Cryptography;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Notary;

/// <summary>Over https, with docker's own DCT code (docker trust inspect) as the verifier.</summary>
public sealed class DockerTrustInspectTests(HttpsNotaryRig rig) : IClassFixture<HttpsNotaryRig>
{
    [Fact]
    public async Task DockerTrustInspectShowsTheTagsSignedBySignpath()
    {
        var gun = "localhost:5000/it/docker";
        await rig.InitRepositoryAsync(gun);
        using var http = rig.CreateHttpClient();
        var client = new NotaryClient(http, rig.ServerUrl);
        var publisher = new NotaryDelegationPublisher(client, new TrustDataLoader(client));
        using var key = rig.LoadDelegationKey();
        using var certificate = rig.LoadDelegationCertificate();
        var manifest = "{\"schemaVersion\":2,\"docker\":true}"u8.ToArray();
        var meta = TufFileMeta.ForSha256(SHA256.HashData(manifest), manifest.Length);

        await publisher.PublishTargetsAsync(
            gun,
            RootTrustPolicy.TrustOnFirstUse(new FileTrustedRootStore(Path.Combine(rig.Directory, "tofu-docker"))),
            [TufRoleName.Releases, "targets/signpath"],
            new Dictionary<string, TufFileMeta> { ["1.0"] = meta, ["latest"] = meta },
            new LocalTufSigner(key, certificate),
            CancellationToken.None);

        var output = await DockerTrust.InspectAsync(rig, gun, Path.Combine(rig.Directory, "docker-config"));

        DockerTrust.AssertSignedBySignpath(output, Convert.ToHexStringLower(SHA256.HashData(manifest)));
    }
}
