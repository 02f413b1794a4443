using System.Text.Json;
using SignPath.Docker.Build.IntegrationTests.Registry;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// `dotnet publish -t:PublishContainer -p:SignContainer=true -p:SignContainerBeforePush=true` of generated projects
/// against the real registries and the local signing service: image, Notation signature and cosign bundle in the
/// registry, tags last, one signing request per build.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class BeforePushPublishTests(PublishRig rig, ITestOutputHelper output)
{
    [Fact]
    public async Task Single_rid_publish_pushes_the_image_signed_with_notation_and_cosign()
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var repository = "before-push/single-" + Guid.NewGuid().ToString("N")[..8];
        await rig.Signer.ClearRequestsAsync();

        var published = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Anonymous, repository), .. BeforePushSigning.Properties(rig.Signer), "-v:n"]);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        var digest = await registry.DigestOfAsync(repository, "1.0");
        Assert.NotNull(digest);
        Assert.Equal(digest, await registry.DigestOfAsync(repository, "latest"));
        await BeforePushSigning.AssertSignedAsync(registry, repository, digest);
        var request = Assert.Single(await rig.Signer.GetRequestsAsync());
        Assert.Equal("1.0", request.GetProperty("parameters").GetProperty("tag").GetString());
    }

    [Fact]
    public async Task Multi_rid_publish_signs_the_index_before_push()
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var repository = "before-push/multi-" + Guid.NewGuid().ToString("N")[..8];
        var properties = UserProject.ContainerProperties(rig.Anonymous, repository, "2.0").Where(p => !p.StartsWith("-p:RuntimeIdentifier=", StringComparison.Ordinal));

        var published = await project.PublishAsync(
            [.. properties, "-p:RuntimeIdentifiers=\"linux-x64;linux-arm64\"", "-p:ContainerRuntimeIdentifiers=\"linux-x64;linux-arm64\"", .. BeforePushSigning.Properties(rig.Signer)]);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        var index = await registry.DigestOfAsync(repository, "2.0");
        Assert.NotNull(index);
        using var json = JsonDocument.Parse(await registry.GetManifestJsonAsync(repository, index));
        Assert.Equal(2, json.RootElement.GetProperty("manifests").GetArrayLength());
        await BeforePushSigning.AssertSignedAsync(registry, repository, index);
    }

    [Fact]
    public async Task Before_push_publish_works_with_basic_authentication()
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Authenticated, RegistryRig.User, rig.Registries.Password);
        var repository = "before-push/basic";
        var credentials = new Dictionary<string, string?>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = RegistryRig.User,
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = rig.Registries.Password,
        };

        var published = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Authenticated, repository), .. BeforePushSigning.Properties(rig.Signer)], credentials);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        Assert.DoesNotContain(rig.Registries.Password, published.Output, StringComparison.Ordinal);
        var digest = await registry.DigestOfAsync(repository, "1.0");
        Assert.NotNull(digest);
        await BeforePushSigning.AssertSignedAsync(registry, repository, digest);
    }

    [TlsRegistryFact]
    public async Task Before_push_publish_works_on_a_tls_registry()
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Tls!, https: true);
        var repository = "before-push/tls";

        var published = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Tls!, repository), .. BeforePushSigning.Properties(rig.Signer)]);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        var digest = await registry.DigestOfAsync(repository, "latest");
        Assert.NotNull(digest);
        await BeforePushSigning.AssertSignedAsync(registry, repository, digest);
    }

    [Fact]
    public async Task A_solution_of_three_projects_makes_one_signing_request()
    {
        using var solution = new UserSolution(rig, rig.Anonymous, ["bp-a", "bp-b", "bp-c"]);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        await solution.CreateAsync();
        await rig.Signer.ClearRequestsAsync();

        var published = await solution.PublishAsync([.. BeforePushSigning.Properties(rig.Signer), "-v:n"]);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        Assert.Single(await rig.Signer.GetRequestsAsync());
        foreach (var repository in solution.Repositories)
        {
            var digest = await registry.DigestOfAsync(repository, "1.0");
            Assert.NotNull(digest);
            await BeforePushSigning.AssertSignedAsync(registry, repository, digest);
        }
    }

    [Theory]
    [InlineData("notation", false, "SPD1030")]
    [InlineData("notary", true, "SPD1031")]
    public async Task A_format_that_does_not_fit_the_mode_fails_before_anything_is_pushed(string formats, bool beforePush, string code)
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var repository = "before-push/mode-" + Guid.NewGuid().ToString("N")[..8];

        var published = await project.PublishAsync(
            [.. UserProject.ContainerProperties(rig.Anonymous, repository), .. project.SigningProperties(), $"-p:SignContainerBeforePush={beforePush}", $"-p:ContainerSignatureFormats={formats}"]);
        output.WriteLine(published.ToString());

        Assert.NotEqual(0, published.ExitCode);
        Assert.True(published.HasError(code), published.Output);
        Assert.False(await registry.TagExistsAsync(repository, "1.0"));
    }

    [Theory]
    [InlineData("fail", "SPD3005")]
    [InlineData("layout-tampered", "SPD7002")]
    [InlineData("layout-extra", "SPD7002")]
    [InlineData("layout-missing", "SPD7005")]
    [InlineData("layout-unsigned", "SPD7005")]
    [InlineData("layout-wrong-key", "SPD7003|SPD7004")]
    public async Task A_signed_layout_that_is_refused_fails_the_publish_and_leaves_the_registry_unchanged(string fault, string code)
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var repository = "before-push/refused-" + Guid.NewGuid().ToString("N")[..8];
        await rig.Signer.InjectFaultAsync(new { kind = fault, count = 1 });

        var published = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Anonymous, repository), .. BeforePushSigning.Properties(rig.Signer)]);
        output.WriteLine(published.ToString());

        Assert.NotEqual(0, published.ExitCode);
        Assert.True(code.Split('|').Any(published.HasError), published.Output);
        Assert.False(await registry.TagExistsAsync(repository, "1.0"));
        Assert.False(await registry.TagExistsAsync(repository, "latest"));
        if (fault == "fail")
        {
            // Issue 20: a "Failed" request names the artifact configuration to check and the README section.
            Assert.Contains($"artifact configuration '{BeforePushSigning.ArtifactConfigurationSlug}'", published.Output, StringComparison.Ordinal);
            Assert.Contains("README.md#what-signpath-must-be-configured-with", published.Output, StringComparison.Ordinal);
        }
    }
}
