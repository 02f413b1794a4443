using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.SignPath;
using Xunit;
using static SignPath.Docker.Build.Tests.SignPath.SignPathTestData;

namespace SignPath.Docker.Build.Tests.SignPath;

public sealed class SignPathClientWaitTests
{
    [Theory]
    [InlineData("Denied", "Denied", ErrorCodes.SigningDenied)]
    [InlineData("Canceled", "Canceled", ErrorCodes.SigningCanceled)]
    [InlineData("Failed", "ArtifactRetrievalFailed", ErrorCodes.SigningFailed)]
    [InlineData("Failed", "ProcessingFailed", ErrorCodes.SigningFailed)]
    [InlineData("Failed", "MalwareDetected", ErrorCodes.SigningFailed)]
    [InlineData("Something", "Else", ErrorCodes.SignPathRequestFailed)]
    public async Task FinalStatesOtherThanCompletedAreErrors(string status, string workflowStatus, string code)
    {
        var handler = new FakeHttpMessageHandler()
            .Then(_ => Status("InProgress", false))
            .Then(_ => Status(status, true, workflowStatus));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.WaitForCompletionAsync(Request(), CancellationToken.None));

        Assert.Equal(code, error.Code);
        Assert.Contains(Request().WebLink.AbsoluteUri, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cosign", "artifact configuration 'cosign'")]
    [InlineData(null, "the project's default artifact configuration")]
    public async Task AFailedRequestNamesTheArtifactConfigurationToCheckAndTheReadmeSection(string? slug, string named)
    {
        var handler = new FakeHttpMessageHandler()
            .Then(Created)
            .Then(_ => Status("Failed", true, "ProcessingFailed"));
        using var client = Client(handler);
        var submission = Submission();
        submission = new SigningRequestSubmission
        {
            ProjectSlug = submission.ProjectSlug,
            SigningPolicySlug = submission.SigningPolicySlug,
            ArtifactConfigurationSlug = slug,
            Artifact = submission.Artifact,
            ArtifactFileName = submission.ArtifactFileName,
        };

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SignAsync(submission, new MemoryStream(), CancellationToken.None));

        Assert.Equal(ErrorCodes.SigningFailed, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Hint, StringComparison.Ordinal);
        Assert.Contains("\"What SignPath must be configured with\" (README.md#what-signpath-must-be-configured-with)", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void DeniedWinsOverAFailedWorkflowStatus()
    {
        var error = Assert.Throws<SignPathDockerException>(() => SignPathClient.ThrowUnlessCompleted(
            Request(),
            new SigningRequestStatus { Status = "Denied", IsFinalStatus = true, WorkflowStatus = "ArtifactRetrievalFailed" }));

        Assert.Equal(ErrorCodes.SigningDenied, error.Code);
    }

    [Fact]
    public async Task CompletedReturnsTheStatusAndReportsProgressWithTheWebLink()
    {
        var handler = new FakeHttpMessageHandler()
            .Then(_ => Status("WaitingForApproval", false))
            .Then(_ => Status("WaitingForApproval", false))
            .Then(_ => Status("Completed", true));
        var log = new RecordingProgressLog();
        using var client = Client(handler, log);

        var status = await client.WaitForCompletionAsync(Request(), CancellationToken.None);

        Assert.Equal("Completed", status.Status);
        Assert.Contains(log.Lines, line => line.StartsWith("info: ", StringComparison.Ordinal)
            && line.Contains("WaitingForApproval", StringComparison.Ordinal)
            && line.Contains(Request().WebLink.AbsoluteUri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NeverFinalIsATimeoutWithAHint()
    {
        var handler = new FakeHttpMessageHandler { Fallback = _ => Status("WaitingForApproval", false) };
        using var client = Client(handler, configure: o => new SignPathClientOptions
        {
            ApiUrl = o.ApiUrl,
            OrganizationId = o.OrganizationId,
            ApiToken = o.ApiToken,
            HttpClient = o.HttpClient,
            PollInterval = TimeSpan.FromMilliseconds(5),
            WaitForCompletionTimeout = TimeSpan.FromMilliseconds(50),
        });

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.WaitForCompletionAsync(Request(), CancellationToken.None));

        Assert.Equal(ErrorCodes.SigningTimedOut, error.Code);
        Assert.Contains("SignPathWaitForCompletionTimeout", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellationStopsTheWaitDuringThePollDelay()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new FakeHttpMessageHandler
        {
            Fallback = _ =>
            {
                // Cancel once the first status is in: the client is then about to sleep for an hour.
                cancellation.Cancel();
                return Status("WaitingForApproval", false);
            },
        };
        using var client = Client(handler, configure: o => new SignPathClientOptions
        {
            ApiUrl = o.ApiUrl,
            OrganizationId = o.OrganizationId,
            ApiToken = o.ApiToken,
            HttpClient = o.HttpClient,
            PollInterval = TimeSpan.FromHours(1),
            WaitForCompletionTimeout = TimeSpan.FromHours(2),
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitForCompletionAsync(Request(), cancellation.Token));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task CancellationDuringARetryDelayIsNotRetried()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new FakeHttpMessageHandler { Fallback = _ => new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) };
        handler.OnRequest = _ => cancellation.Cancel();
        using var client = Client(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetStatusAsync(Request(), cancellation.Token));
        Assert.Single(handler.Requests);
    }
}
