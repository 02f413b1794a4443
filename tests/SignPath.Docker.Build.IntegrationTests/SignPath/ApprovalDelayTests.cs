using SignPath.Docker.Build.SignPath;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.SignPath;

/// <summary>Its own LocalSigner, started with an approval delay, so it does not slow the shared one.</summary>
public sealed class ApprovalDelayTests : IAsyncLifetime
{
    private LocalSignerProcess? _signer;

    public async Task InitializeAsync() => _signer = await LocalSignerProcess.StartAsync("--approval-delay", "2");

    public async Task DisposeAsync()
    {
        if (_signer is not null)
        {
            await _signer.DisposeAsync();
        }
    }

    [Fact]
    public async Task WaitingForApprovalIsReportedWithTheWebLinkUntilCompleted()
    {
        var signer = _signer!;
        var log = new CollectingProgressLog();
        using var client = new SignPathClient(signer.CreateClientOptions(progressInterval: TimeSpan.FromMilliseconds(200)), log);
        using var signed = new MemoryStream();

        var request = await client.SignAsync(
            new SigningRequestSubmission
            {
                ProjectSlug = signer.ProjectSlug,
                SigningPolicySlug = signer.SigningPolicySlug,
                Artifact = CosignTestArtifacts.Zip(),
                ArtifactFileName = "payload.json.zip",
            },
            signed,
            CancellationToken.None);

        var waitingLines = log.Lines.Where(line => line.Contains("WaitingForApproval", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(waitingLines);
        Assert.All(waitingLines, line => Assert.Contains($"/Web/{signer.OrganizationId}/SigningRequests/{request.Id:D}", line, StringComparison.Ordinal));
        Assert.Contains("payload.json.sig", CosignTestArtifacts.Unzip(signed).Keys);
    }
}
