using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// `dotnet publish -t:PublishContainer -p:SignContainer=true` of a generated project that consumes the
/// packed nupkg, against real registries and the local signing service; verified without our code.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class PublishContainerSigningTests(PublishRig rig, ITestOutputHelper output)
{
    [Fact]
    public async Task Publish_signs_every_tag_and_a_second_signature_keeps_the_first()
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var repository = "e2e/anonymous";

        var published = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Anonymous, repository), .. project.SigningProperties(), $"-p:CosignPublicKey={rig.Signer.CosignPublicKeyPath}", "-v:n"]);
        output.WriteLine(published.ToString());
        Assert.Equal(0, published.ExitCode);

        var digest = await registry.DigestOfAsync(repository, "1.0");
        Assert.NotNull(digest);
        Assert.Equal(digest, await registry.DigestOfAsync(repository, "latest"));
        var first = await registry.VerifyCosignAsync(repository, digest, rig.Signer.CosignPublicKeyPath);
        Assert.Contains("1 of 1 signature(s)", first, StringComparison.Ordinal);
        Assert.Contains("Signing request", published.Output, StringComparison.Ordinal);

        var again = await project.SignAsync([.. project.SigningProperties(), $"-p:ContainerImageReference={rig.Anonymous}/{repository}:latest"]);
        output.WriteLine(again.ToString());
        Assert.Equal(0, again.ExitCode);
        var both = await registry.VerifyCosignAsync(repository, digest, rig.Signer.CosignPublicKeyPath);
        Assert.Contains("2 of 2 signature(s)", both, StringComparison.Ordinal);
        var firstLayer = first.Split('\n').First(l => l.StartsWith("verified:", StringComparison.Ordinal));
        Assert.Contains(firstLayer, both, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_signs_on_a_registry_with_basic_authentication()
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Authenticated, Registry.RegistryRig.User, rig.Registries.Password);
        var repository = "e2e/basic";
        var credentials = new Dictionary<string, string?>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = Registry.RegistryRig.User,
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = rig.Registries.Password,
        };

        var published = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Authenticated, repository), .. project.SigningProperties()], credentials);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        Assert.DoesNotContain(rig.Registries.Password, published.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(rig.Signer.ApiToken, published.Output, StringComparison.Ordinal);
        var digest = await registry.DigestOfAsync(repository, "1.0");
        Assert.NotNull(digest);
        Assert.Contains("1 of 1", await registry.VerifyCosignAsync(repository, digest, rig.Signer.CosignPublicKeyPath), StringComparison.Ordinal);
    }

    [Registry.TlsRegistryFact]
    public async Task Publish_signs_on_a_tls_registry_with_a_private_ca()
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Tls!, https: true);
        var repository = "e2e/tls";

        var published = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Tls!, repository), .. project.SigningProperties()]);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        var digest = await registry.DigestOfAsync(repository, "latest");
        Assert.NotNull(digest);
        Assert.Contains("1 of 1", await registry.VerifyCosignAsync(repository, digest, rig.Signer.CosignPublicKeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Multi_arch_publish_signs_the_index_and_each_platform_manifest()
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var repository = "e2e/multiarch";
        var properties = UserProject.ContainerProperties(rig.Anonymous, repository, "2.0").Where(p => !p.StartsWith("-p:RuntimeIdentifier=", StringComparison.Ordinal));

        var published = await project.PublishAsync(
            [.. properties, "-p:RuntimeIdentifiers=\"linux-x64;linux-arm64\"", "-p:ContainerRuntimeIdentifiers=\"linux-x64;linux-arm64\"", .. project.SigningProperties()]);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        var index = await registry.DigestOfAsync(repository, "2.0");
        Assert.NotNull(index);
        Assert.Contains("1 of 1", await registry.VerifyCosignAsync(repository, index, rig.Signer.CosignPublicKeyPath), StringComparison.Ordinal);
        foreach (var platform in await PlatformDigestsAsync(registry, repository, index))
        {
            Assert.Contains("1 of 1", await registry.VerifyCosignAsync(repository, platform, rig.Signer.CosignPublicKeyPath), StringComparison.Ordinal);
        }
    }

    private static async Task<IReadOnlyList<string>> PlatformDigestsAsync(IndependentRegistryReader registry, string repository, string index)
    {
        var json = await registry.GetManifestJsonAsync(repository, index);
        return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()!).ToList();
    }
}
