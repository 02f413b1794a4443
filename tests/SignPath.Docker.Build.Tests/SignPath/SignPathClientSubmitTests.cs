using System.Net;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.SignPath;
using Xunit;
using static SignPath.Docker.Build.Tests.SignPath.SignPathTestData;

namespace SignPath.Docker.Build.Tests.SignPath;

public sealed class SignPathClientSubmitTests
{
    [Fact]
    public async Task SubmitSendsTheMultipartFieldsAndReadsTheIdFromLocation()
    {
        var handler = new FakeHttpMessageHandler().Then(Created);
        using var client = Client(handler);

        var request = await client.SubmitAsync(Submission(), CancellationToken.None);

        Assert.Equal(RequestId, request.Id);
        Assert.Equal($"https://signpath.test/Api/v1/{Organization}/SigningRequests/{RequestId:D}", request.Url.AbsoluteUri);
        Assert.Equal($"https://signpath.test/Web/{Organization}/SigningRequests/{RequestId:D}", request.WebLink.AbsoluteUri);
        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal($"https://signpath.test/Api/v1/{Organization}/SigningRequests", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + Token, sent.Authorization);
        Assert.StartsWith("SignPath.Docker.Build/", sent.UserAgent, StringComparison.Ordinal);
        foreach (var field in new[] { "name=ProjectSlug", "name=SigningPolicySlug", "name=ArtifactConfigurationSlug", "name=Description", "name=Parameters.image", "name=Artifact; filename=payload.zip" })
        {
            Assert.Contains(field, sent.Body, StringComparison.Ordinal);
        }

        Assert.Contains("Content-Type: application/octet-stream", sent.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitIsRetriedOn503AndResendsTheWholeArtifact()
    {
        var handler = new FakeHttpMessageHandler()
            .Then(HttpStatusCode.ServiceUnavailable, configure: r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero))
            .Then(HttpStatusCode.TooManyRequests)
            .Then(Created);
        using var client = Client(handler);

        await client.SubmitAsync(Submission(), CancellationToken.None);

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(handler.Requests[0].Body!.Length, handler.Requests[2].Body!.Length);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task SubmitIsNotRetriedWhenTheServerMayHaveAcceptedIt(HttpStatusCode status)
    {
        var handler = new FakeHttpMessageHandler().Then(status).Then(Created);
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SubmitAsync(Submission(), CancellationToken.None));

        Assert.Equal(ErrorCodes.SignPathUnavailable, error.Code);
        Assert.Contains("may have been created", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task StatusGetsAreRetriedOn502And504()
    {
        var handler = new FakeHttpMessageHandler()
            .Then(HttpStatusCode.BadGateway)
            .Then(HttpStatusCode.GatewayTimeout)
            .Then(_ => Status("Completed", true));
        using var client = Client(handler);

        var status = await client.GetStatusAsync(Request(), CancellationToken.None);

        Assert.Equal("Completed", status.Status);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task NetworkErrorsOfGetsAreRetried()
    {
        var handler = new FakeHttpMessageHandler()
            .Then(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused"))
            .Then(_ => Status("Completed", true));
        using var client = Client(handler);

        await client.GetStatusAsync(Request(), CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task GivingUpAfterTheRetryBudgetIsSignPathUnavailable()
    {
        var handler = new FakeHttpMessageHandler { Fallback = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) };
        using var client = Client(handler, configure: o => new SignPathClientOptions
        {
            ApiUrl = o.ApiUrl,
            OrganizationId = o.OrganizationId,
            ApiToken = o.ApiToken,
            HttpClient = o.HttpClient,
            ServiceUnavailableTimeout = TimeSpan.FromMilliseconds(50),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(10),
        });

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.GetStatusAsync(Request(), CancellationToken.None));

        Assert.Equal(ErrorCodes.SignPathUnavailable, error.Code);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Hint);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, ErrorCodes.SignPathUnauthorized)]
    [InlineData(HttpStatusCode.Forbidden, ErrorCodes.SignPathForbidden)]
    [InlineData(HttpStatusCode.BadRequest, ErrorCodes.SignPathRequestFailed)]
    [InlineData(HttpStatusCode.NotFound, ErrorCodes.SignPathRequestFailed)]
    public async Task ClientErrorsAreMappedAndCarryTheServerMessage(HttpStatusCode status, string code)
    {
        var handler = new FakeHttpMessageHandler().Then(status, """{"title":"Nope","detail":"Project 'containers' has no policy 'x'."}""");
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SubmitAsync(Submission(), CancellationToken.None));

        Assert.Equal(code, error.Code);
        Assert.Contains("Project 'containers' has no policy 'x'.", error.Message, StringComparison.Ordinal);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Hint);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>404 - page not found</body></html>")]
    public async Task A404WithoutSignPathsErrorBodyOnTheFirstRequestMeansAWrongApiUrl(string body)
    {
        var handler = new FakeHttpMessageHandler().Then(HttpStatusCode.NotFound, body);
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SubmitAsync(Submission(), CancellationToken.None));

        Assert.Equal(ErrorCodes.SignPathApiNotFound, error.Code);
        Assert.Contains("SignPathApiUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("SignPathApiUrl", error.Hint, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A404AfterSignPathHasAnsweredIsNotBlamedOnTheApiUrl()
    {
        var handler = new FakeHttpMessageHandler().Then(Created).Then(HttpStatusCode.NotFound);
        using var client = Client(handler);
        var request = await client.SubmitAsync(Submission(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.GetStatusAsync(request, CancellationToken.None));

        Assert.Equal(ErrorCodes.SignPathRequestFailed, error.Code);
    }

    [Fact]
    public async Task EveryRetryPrintsOneLineWithServerFailureAttemptWaitAndBudget()
    {
        var log = new RecordingProgressLog();
        var handler = new FakeHttpMessageHandler()
            .Then(HttpStatusCode.ServiceUnavailable)
            .Then(HttpStatusCode.ServiceUnavailable)
            .Then(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))
            .Then(_ => Status("Completed", true));
        using var client = Client(handler, log, o => new SignPathClientOptions
        {
            ApiUrl = o.ApiUrl,
            OrganizationId = o.OrganizationId,
            ApiToken = o.ApiToken,
            HttpClient = o.HttpClient,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(1),
        });

        await client.GetStatusAsync(Request(), CancellationToken.None);

        var lines = log.Lines.Where(l => l.Contains("next try in", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.StartsWith("info: SignPath at signpath.test: answered 503 Service Unavailable to get the status of signing request", lines[0], StringComparison.Ordinal);
        Assert.Contains("(attempt 2)", lines[1], StringComparison.Ordinal);
        Assert.Contains("the connection to signpath.test broke off", lines[2], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Contains("left of the retry budget (SignPathServiceUnavailableTimeout)", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AHostNameThatDoesNotResolveFailsAtOnce()
    {
        var handler = new FakeHttpMessageHandler { Fallback = _ => throw new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known") };
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SubmitAsync(Submission(), CancellationToken.None));

        Assert.Equal(ErrorCodes.SignPathUnreachable, error.Code);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task UnauthorizedHintNamesTheTokenSettings()
    {
        var handler = new FakeHttpMessageHandler().Then(HttpStatusCode.Unauthorized);
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.GetStatusAsync(Request(), CancellationToken.None));

        Assert.Contains("SIGNPATH_API_TOKEN", error.Hint, StringComparison.Ordinal);
        Assert.Contains("SignPathApiToken", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatedWithoutLocationIsAnError()
    {
        var handler = new FakeHttpMessageHandler().Then(HttpStatusCode.Created);
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SubmitAsync(Submission(), CancellationToken.None));

        Assert.Equal(ErrorCodes.SignPathRequestFailed, error.Code);
    }

    [Fact]
    public async Task DownloadLargerThanTheCapIsRefused()
    {
        var handler = new FakeHttpMessageHandler().Then(HttpStatusCode.OK, new string('x', 100));
        using var client = Client(handler, configure: o => new SignPathClientOptions
        {
            ApiUrl = o.ApiUrl,
            OrganizationId = o.OrganizationId,
            ApiToken = o.ApiToken,
            HttpClient = o.HttpClient,
            MaxSignedArtifactBytes = 10,
        });
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.DownloadSignedArtifactAsync(Request(), destination, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidSignedArtifact, error.Code);
        Assert.EndsWith("/SignedArtifact", handler.Requests[0].Uri.AbsolutePath, StringComparison.Ordinal);
    }
}
