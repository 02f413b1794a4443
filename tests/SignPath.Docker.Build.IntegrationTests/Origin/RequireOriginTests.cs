using SignPath.Docker.Build.IntegrationTests.Publish;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Origin;

/// <summary>A signing policy that verifies origin: the local signing service started with --require-origin.</summary>
[Collection(PublishRigDefinition.Name)]
public sealed class RequireOriginTests(PublishRig rig, ITestOutputHelper output) : IAsyncLifetime
{
    private LocalSignerProcess signer = null!;

    public async Task InitializeAsync() => signer = await LocalSignerProcess.StartAsync("--require-origin");

    public async Task DisposeAsync() => await signer.DisposeAsync();

    [Fact]
    public async Task A_build_with_repository_and_commit_is_signed()
    {
        using var project = new UserProject(rig);
        await GitCheckout.CreateAsync(project.Directory, "main", "https://git.example.com/contoso/app.git");

        var result = await PublishAsync(project, "origin/required-pass");

        Assert.Equal(0, result.ExitCode);
        var received = Assert.Single(await signer.GetRequestsAsync());
        Assert.Equal("https://git.example.com/contoso/app.git", ReceivedOrigin.Of(received).RepositoryUrl);
        Assert.Equal("Completed", received.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_build_without_origin_fails_with_SPD3014_and_the_reason()
    {
        using var project = new UserProject(rig);

        var result = await PublishAsync(project, "origin/required-refused");

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.HasError("SPD3014"), result.Output);
        Assert.Contains("Origin verification failed", result.Output, StringComparison.Ordinal);
        Assert.Contains("no repository URL", result.Output, StringComparison.Ordinal);
        Assert.Contains("SignPath origin: none known", result.Output, StringComparison.Ordinal);
        Assert.Empty(await signer.GetRequestsAsync());
    }

    private async Task<DotnetResult> PublishAsync(UserProject project, string repository)
    {
        var result = await project.PublishAsync(
            [.. UserProject.ContainerProperties(rig.Anonymous, repository), .. UserProject.SigningProperties(signer)],
            CiSamples.Isolated(new Dictionary<string, string?> { ["SIGNPATH_API_TOKEN"] = signer.ApiToken }));
        output.WriteLine(result.ToString());
        return result;
    }
}
