using System.Security.Cryptography;
using SignPath.Docker.Build.IntegrationTests.Rig;
using SignPath.Docker.Build.Notary;
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

        // docker reads the CA from $DOCKER_CONFIG/tls/<host:port>/ca.crt, so a temp config keeps ~/.docker untouched.
        var dockerConfig = Path.Combine(rig.Directory, "docker-config");
        var tlsDirectory = Path.Combine(dockerConfig, "tls", $"127.0.0.1:{rig.Port}");
        Directory.CreateDirectory(tlsDirectory);
        File.Copy(rig.CaFile!, Path.Combine(tlsDirectory, "ca.crt"));
        var output = await ExternalProcess.RunCheckedAsync("docker", ["trust", "inspect", "--pretty", gun], new Dictionary<string, string>
        {
            ["DOCKER_CONFIG"] = dockerConfig,
            ["DOCKER_CONTENT_TRUST_SERVER"] = $"https://127.0.0.1:{rig.Port}",
        });

        var digest = Convert.ToHexStringLower(SHA256.HashData(manifest));
        var lines = output.Split('\n');
        Assert.Contains(lines, line => line.StartsWith("1.0 ", StringComparison.Ordinal) && line.Contains(digest, StringComparison.Ordinal) && line.Contains("signpath", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("latest ", StringComparison.Ordinal) && line.Contains(digest, StringComparison.Ordinal) && line.Contains("signpath", StringComparison.Ordinal));
    }
}
