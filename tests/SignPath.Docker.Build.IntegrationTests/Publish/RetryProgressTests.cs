using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// A `dotnet publish` whose SignPath answers 503 a few times prints one line per retry at normal verbosity
/// (server, what failed, attempt, next try, budget left) and then signs as usual.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class RetryProgressTests(PublishRig rig, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => rig.Signer.ClearFaultsAsync();

    public Task DisposeAsync() => rig.Signer.ClearFaultsAsync();

    [Fact]
    public async Task SignPath_answering_503_three_times_gives_three_retry_lines_and_a_signed_image()
    {
        await rig.Signer.InjectFaultAsync(new { kind = "http-status", status = 503, retryAfterSeconds = 1, count = 3, method = "POST", path = "/SigningRequests" });
        using var project = new UserProject(rig);

        var published = await project.PublishAsync(
            [.. UserProject.ContainerProperties(rig.Anonymous, "e2e/retry-progress", "1.0"), .. project.SigningProperties(), "-p:SignContainerInProcess=true", "-v:n"]);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        var retries = published.Output.Split('\n').Where(line => line.Contains("next try in", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, retries.Count);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var line = retries[attempt - 1];
            Assert.Contains($"SignPath at {rig.Signer.BaseUrl.Authority}: answered 503 Service Unavailable to submit the signing request (attempt {attempt}); next try in 1 s", line, StringComparison.Ordinal);
            Assert.Contains("s left of the retry budget (SignPathServiceUnavailableTimeout).", line, StringComparison.Ordinal);
        }

        Assert.Contains("Submitted SignPath signing request", published.Output, StringComparison.Ordinal);
    }
}
