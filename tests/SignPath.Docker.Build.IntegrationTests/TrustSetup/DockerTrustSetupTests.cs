using System.Text;
using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.IntegrationTests.Publish;
using SignPath.Docker.Build.Notary.Tuf;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.TrustSetup;

/// <summary>
/// InitializeDockerSigning → AddDelegationCertificate → signed `dotnet publish` → RotateDockerSigningKeys, all
/// with the root key on a SoftHSM2 token and a real notary-server; the notary CLI is the verifier.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class DockerTrustSetupTests(PublishRig rig, HttpNotaryRig notary, ITestOutputHelper output) : IClassFixture<HttpNotaryRig>
{
    [Fact]
    public async Task Setup_on_a_token_then_a_signed_publish_is_listed_by_notary_and_rotation_keeps_the_tags()
    {
        await using var session = await TrustSetupSession.StartAsync(rig, notary, "e2e/dct-setup");
        var digest = await DockerTrustSetupScenario.SetUpAndPublishAsync(session, output);

        // The root key was made on the token and cannot leave it; nothing else holds a private key.
        var privateKeys = session.TokenObjects().Where(o => o.Heading.StartsWith("Private Key Object", StringComparison.Ordinal)).ToList();
        var rootKey = Assert.Single(privateKeys);
        Assert.Contains("never extractable", rootKey.Access);
        Assert.Contains("sensitive", rootKey.Access);
        Assert.Equal($"notary-root-{session.Gun}", rootKey.Fields["label"]);
        Assert.DoesNotContain(
            Directory.EnumerateFiles(session.Project.Directory, "*", SearchOption.AllDirectories),
            file => new FileInfo(file).Length < 1024 * 1024 && File.ReadAllText(file).Contains("PRIVATE KEY", StringComparison.Ordinal));

        // The exported root certificate is the root key of the published root.json, and both exports agree.
        var before = TrustSetupSession.Describe((await session.RootJsonAsync())!);
        Assert.Equal(2, before.Version);
        var fromServer = Path.Combine(session.Project.Directory, "from-server.crt");
        var fromToken = Path.Combine(session.Project.Directory, "from-token.crt");
        var exported = await session.RunTargetAsync("GetRootCertificate", [.. session.SetupProperties(), "-p:Pkcs11Library=", "-p:Pkcs11TokenLabel=", $"-p:NotaryRootCertificateFile={fromServer}"]);
        Assert.True(exported.ExitCode == 0, exported.ToString());
        exported = await session.RunTargetAsync("GetRootCertificate", [.. session.SetupProperties(), $"-p:NotaryRootCertificateFile={fromToken}"]);
        Assert.True(exported.ExitCode == 0, exported.ToString());
        var rootPem = await File.ReadAllTextAsync(session.RootCertificateFile);
        Assert.Equal(rootPem, await File.ReadAllTextAsync(fromServer));
        Assert.Equal(rootPem, await File.ReadAllTextAsync(fromToken));
        Assert.Equal(before.RootKeyId, new global::SignPath.Docker.Build.Notary.Tuf.TufKey("ecdsa-x509", Encoding.UTF8.GetBytes(rootPem)).KeyId);

        // A notary client that cached the trust data before the rotation must follow it.
        var cachedClient = Directory.CreateTempSubdirectory("spd-notary-cli-").FullName;
        Assert.Contains("1.0 ", await notary.NotaryCliAsync(cachedClient, "list", session.Gun, "-r", "targets/releases"), StringComparison.Ordinal);

        var rotated = await session.RunTargetAsync("RotateDockerSigningKeys", session.SetupProperties());
        output.WriteLine(rotated.ToString());
        Assert.True(rotated.ExitCode == 0, rotated.ToString());
        var after = TrustSetupSession.Describe((await session.RootJsonAsync())!);
        Assert.Equal(3, after.Version);
        Assert.NotEqual(before.TargetsKeyId, after.TargetsKeyId);
        Assert.Equal(before.RootKeyId, after.RootKeyId);
        foreach (var role in new[] { "targets/releases", "targets/signpath" })
        {
            var listed = await notary.NotaryCliAsync(cachedClient, "list", session.Gun, "-r", role);
            output.WriteLine(listed);
            Assert.Contains(listed.Split('\n'), l => l.StartsWith("1.0 ", StringComparison.Ordinal) && l.Contains(digest, StringComparison.Ordinal));
            Assert.Contains(listed.Split('\n'), l => l.StartsWith("latest ", StringComparison.Ordinal) && l.Contains(digest, StringComparison.Ordinal));
        }

        // Still signable after rotation: a new tag lands next to the old ones.
        var republished = await session.PublishSignedAsync("2.0");
        Assert.True(republished.ExitCode == 0, republished.ToString());
        var releases = (await session.NotaryListAsync("targets/releases")).Split('\n');
        Assert.Equal(3, releases.Count(l => l.StartsWith("1.0 ", StringComparison.Ordinal) || l.StartsWith("latest ", StringComparison.Ordinal) || l.StartsWith("2.0 ", StringComparison.Ordinal)));
        Assert.Single(session.TokenObjects(), o => o.Heading.StartsWith("Private Key Object", StringComparison.Ordinal));
    }
}

/// <summary>The same setup over https, with `docker trust inspect` as the second verifier.</summary>
[Collection(PublishRigDefinition.Name)]
public sealed class DockerTrustSetupHttpsTests(PublishRig rig, HttpsNotaryRig notary, ITestOutputHelper output) : IClassFixture<HttpsNotaryRig>
{
    [Fact]
    public async Task Setup_on_a_token_over_https_is_accepted_by_docker_trust_inspect()
    {
        await using var session = await TrustSetupSession.StartAsync(rig, notary, "e2e/dct-setup-https");
        var digest = await DockerTrustSetupScenario.SetUpAndPublishAsync(session, output);

        var inspected = await DockerTrust.InspectAsync(notary, session.Gun, Directory.CreateTempSubdirectory("spd-docker-").FullName);
        output.WriteLine(inspected);
        DockerTrust.AssertSignedBySignpath(inspected, digest);
    }
}

internal static class DockerTrustSetupScenario
{
    /// <summary>Initialises, adds the signing service's delegation certificate, publishes 1.0 and latest signed; returns the hex digest.</summary>
    public static async Task<string> SetUpAndPublishAsync(TrustSetupSession session, ITestOutputHelper output)
    {
        var initialized = await session.RunTargetAsync("InitializeDockerSigning", [.. session.SetupProperties(), $"-p:LocalSignerUrl={session.Signer.BaseUrl}"]);
        output.WriteLine(initialized.ToString());
        Assert.True(initialized.ExitCode == 0, initialized.ToString());
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", await File.ReadAllTextAsync(session.RootCertificateFile), StringComparison.Ordinal);

        var added = await session.RunTargetAsync("AddDelegationCertificate", [.. session.SetupProperties(), $"-p:NotaryDelegationCertificate={session.DelegationCertificateFile}"]);
        output.WriteLine(added.ToString());
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("No targets present", await session.NotaryListAsync("targets"), StringComparison.Ordinal);

        var published = await session.PublishSignedAsync();
        output.WriteLine(published.ToString());
        Assert.True(published.ExitCode == 0, published.ToString());

        using var registry = new IndependentRegistryReader(session.Rig.Anonymous);
        var digest = (await registry.DigestOfAsync(session.Repository, "1.0"))!["sha256:".Length..];
        await NotaryPublishScenario.AssertListedInBothRolesAsync(session.NotaryListAsync, digest, output);

        return digest;
    }
}
