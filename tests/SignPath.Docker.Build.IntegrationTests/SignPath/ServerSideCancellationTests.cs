using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.SignPath;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.SignPath;

/// <summary>
/// A build that stops waiting must not leave a request for an approver: the client sends
/// CancellationTimeoutInSeconds (its wait timeout), and the service cancels the request itself.
/// </summary>
public sealed class ServerSideCancellationTests : IAsyncLifetime
{
    private LocalSignerProcess? _signer;

    public async Task InitializeAsync() => _signer = await LocalSignerProcess.StartAsync("--approval-delay", "600");

    public async Task DisposeAsync()
    {
        if (_signer is not null)
        {
            await _signer.DisposeAsync();
        }
    }

    [Fact]
    public async Task ARequestTheBuildGaveUpOnIsCanceledByTheService()
    {
        var signer = _signer!;
        using var client = new SignPathClient(signer.CreateClientOptions(
            waitForCompletionTimeout: TimeSpan.FromSeconds(2),
            pollInterval: TimeSpan.FromMilliseconds(200)));
        using var signed = new MemoryStream();

        var timedOut = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SignAsync(
            new SigningRequestSubmission
            {
                ProjectSlug = signer.ProjectSlug,
                SigningPolicySlug = signer.SigningPolicySlug,
                Artifact = CosignTestArtifacts.Zip(),
                ArtifactFileName = "payload.json.zip",
            },
            signed,
            CancellationToken.None));
        Assert.Equal(ErrorCodes.SigningTimedOut, timedOut.Code);

        // Approval would take 600 s; the cancellation timeout the client sent (its 2 s wait + a 1 s margin) ends the
        // request long before.
        var status = string.Empty;
        for (var attempt = 0; attempt < 50 && status != "Canceled"; attempt++)
        {
            var request = Assert.Single(await signer.GetRequestsAsync());
            status = request.GetProperty("status").GetString() ?? string.Empty;
            if (status != "Canceled")
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal("Canceled", status);
    }
}
