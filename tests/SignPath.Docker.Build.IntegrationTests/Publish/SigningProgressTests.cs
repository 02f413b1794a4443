using SignPath.Docker.Build.IntegrationTests.SignPath;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// While SignPath waits for approval, `dotnet publish` at normal verbosity shows a line every
/// SignPathProgressInterval seconds with status, elapsed time and the signing request's web link.
/// Its own LocalSigner with an approval delay, so the shared one stays fast.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class SigningProgressTests(PublishRig rig, ITestOutputHelper output) : IAsyncLifetime
{
    private LocalSignerProcess? signer;

    public async Task InitializeAsync() => signer = await LocalSignerProcess.StartAsync("--approval-delay", "4");

    public async Task DisposeAsync()
    {
        if (signer is not null)
        {
            await signer.DisposeAsync();
        }
    }

    [Fact]
    public async Task Waiting_for_approval_is_reported_at_normal_verbosity_with_status_elapsed_time_and_web_link()
    {
        var approving = signer!;
        using var project = new UserProject(rig);
        var published = await project.PublishAsync(
            [.. UserProject.ContainerProperties(rig.Anonymous, "e2e/progress"), .. UserProject.SigningProperties(approving), "-v:n"],
            new Dictionary<string, string?> { ["SIGNPATH_API_TOKEN"] = approving.ApiToken });
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        var progress = published.Output.Split('\n').Where(l => l.Contains("Waiting for signing request", StringComparison.Ordinal)).ToList();
        Assert.True(progress.Count >= 2, $"expected a progress line per second of the 4 s approval, got {progress.Count}");
        Assert.All(progress, line =>
        {
            Assert.Contains("WaitingForApproval", line, StringComparison.Ordinal);
            Assert.Contains("elapsed", line, StringComparison.Ordinal);
            Assert.Contains($"/Web/{approving.OrganizationId}/SigningRequests/", line, StringComparison.Ordinal);
        });
    }
}
