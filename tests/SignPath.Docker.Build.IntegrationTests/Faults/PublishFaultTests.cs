using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.IntegrationTests.Publish;
using Xunit;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>
/// One real `dotnet publish` per flow with a fault at its most delicate request: the write that makes the
/// signature visible. The sweeps (core library) cover every position; these show the package behaves the same.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class PublishFaultTests(PublishRig rig, HttpNotaryRig notary, ITestOutputHelper output) : IClassFixture<HttpNotaryRig>
{
    [Fact]
    public async Task Cosign_publish_survives_a_503_on_the_signature_manifest_put()
    {
        await using var proxy = await FaultProxy.StartAsync(new Uri($"http://{rig.Registries.Anonymous}/"));
        proxy.Reset(new FaultRule(FaultKind.ServiceUnavailable, 1, "PUT", @"/manifests/sha256-[0-9a-f]{64}\.sig$"));
        var registry = $"localhost:{proxy.Url.Port}";
        using var project = new UserProject(rig);
        using var reader = new IndependentRegistryReader(rig.Anonymous);

        var published = await project.PublishAsync([.. UserProject.ContainerProperties(registry, "e2e/fault-cosign", "1.0"), .. project.SigningProperties()]);
        output.WriteLine(published.ToString());
        output.WriteLine(string.Join("\n", proxy.Requests));

        Assert.True(published.ExitCode == 0, published.ToString());
        Assert.True(proxy.Fired);
        var digest = await reader.DigestOfAsync("e2e/fault-cosign", "1.0");
        Assert.NotNull(digest);
        Assert.Contains("1 of 1", await reader.VerifyCosignAsync("e2e/fault-cosign", digest, rig.Signer.CosignPublicKeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dct_publish_whose_publish_answer_is_lost_still_succeeds_and_is_listed()
    {
        await using var proxy = await FaultProxy.StartAsync(notary.ServerUrl);
        proxy.Reset(new FaultRule(FaultKind.ResetMidBody, 1, "POST", "/_trust/tuf/$"));

        var (gun, trustDirectory, published) = await NotaryPublishScenario.PublishAsync(
            rig, notary, "e2e/fault-dct", fault: null, [$"-p:NotaryUrl={proxy.Url.AbsoluteUri.TrimEnd('/')}"]);
        output.WriteLine(published.ToString());
        output.WriteLine(string.Join("\n", proxy.Requests));

        Assert.True(published.ExitCode == 0, published.ToString());
        Assert.True(proxy.Fired);
        var listed = await notary.NotaryCliAsync(trustDirectory, "list", gun);
        Assert.Contains(listed.Split('\n'), l => l.StartsWith("1.0 ", StringComparison.Ordinal));
        Assert.Contains(listed.Split('\n'), l => l.StartsWith("latest ", StringComparison.Ordinal));
    }
}
