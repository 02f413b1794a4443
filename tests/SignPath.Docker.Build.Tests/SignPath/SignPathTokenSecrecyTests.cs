using System.Net;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.SignPath;
using Xunit;
using static SignPath.Docker.Build.Tests.SignPath.SignPathTestData;

namespace SignPath.Docker.Build.Tests.SignPath;

/// <summary>The API token must never reach an exception, a hint, a log line or ToString().</summary>
public sealed class SignPathTokenSecrecyTests
{
    public static TheoryData<string> Scenarios() =>
    [
        "401", "403", "400-echoing-token", "503-exhausted", "network", "denied", "failed", "timeout", "bad-json",
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task NoFailureRevealsTheToken(string scenario)
    {
        var handler = new FakeHttpMessageHandler();
        handler.Then(Created);
        Func<HttpRequestMessage, HttpResponseMessage> answer = scenario switch
        {
            "401" => _ => new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("bad token") },
            "403" => _ => new HttpResponseMessage(HttpStatusCode.Forbidden),
            "400-echoing-token" => request => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent($"you sent {request.Headers.Authorization}") },
            "503-exhausted" => _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent(Token) },
            "network" => _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused for " + Token),
            "denied" => _ => Status("Denied", true),
            "failed" => _ => Status("Failed", true, "ProcessingFailed"),
            "timeout" => _ => Status("WaitingForApproval", false),
            _ => _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"status\": " + Token) },
        };
        handler.Fallback = answer;
        var log = new RecordingProgressLog();
        using var client = Client(handler, log, o => new SignPathClientOptions
        {
            ApiUrl = o.ApiUrl,
            OrganizationId = o.OrganizationId,
            ApiToken = o.ApiToken,
            HttpClient = o.HttpClient,
            PollInterval = TimeSpan.FromMilliseconds(1),
            ProgressInterval = TimeSpan.FromMilliseconds(1),
            WaitForCompletionTimeout = TimeSpan.FromMilliseconds(30),
            ServiceUnavailableTimeout = TimeSpan.FromMilliseconds(30),
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(2),
        });

        using var destination = new MemoryStream();
        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SignAsync(Submission(), destination, CancellationToken.None));

        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Hint ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
        Assert.All(log.Lines, line => Assert.DoesNotContain(Token, line, StringComparison.Ordinal));
    }

    [Fact]
    public void OptionsToStringHidesTheToken()
    {
        var options = new SignPathClientOptions { OrganizationId = Organization, ApiToken = Token };

        Assert.DoesNotContain(Token, options.ToString(), StringComparison.Ordinal);
        Assert.Contains(Organization, options.ToString(), StringComparison.Ordinal);
    }
}
