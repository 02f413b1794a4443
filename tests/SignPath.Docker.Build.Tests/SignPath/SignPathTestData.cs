using System.Net;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.Tests.SignPath;

internal static class SignPathTestData
{
    public const string Token = "tok-5f1d2c9e-very-secret";
    public const string Organization = "0a1b2c3d-0000-4000-8000-000000000001";
    public static readonly Guid RequestId = Guid.Parse("7e57d00d-1111-4222-8333-944455556666");
    public static readonly Uri ApiUrl = new("https://signpath.test/Api/");

    public static SignPathClient Client(FakeHttpMessageHandler handler, RecordingProgressLog? log = null, Func<SignPathClientOptions, SignPathClientOptions>? configure = null)
    {
        var options = new SignPathClientOptions
        {
            ApiUrl = ApiUrl,
            OrganizationId = Organization,
            ApiToken = Token,
            HttpClient = new HttpClient(handler),
            PollInterval = TimeSpan.FromMilliseconds(1),
            ProgressInterval = TimeSpan.FromMilliseconds(1),
            ServiceUnavailableTimeout = TimeSpan.FromSeconds(30),
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(4),
        };
        return new SignPathClient(configure?.Invoke(options) ?? options, log);
    }

    public static SigningRequest Request() => new(
        RequestId,
        new Uri(ApiUrl, $"v1/{Organization}/SigningRequests/{RequestId:D}"),
        new Uri($"https://signpath.test/Web/{Organization}/SigningRequests/{RequestId:D}"));

    public static SigningRequestSubmission Submission() => new()
    {
        ProjectSlug = "containers",
        SigningPolicySlug = "release-signing",
        ArtifactConfigurationSlug = "cosign",
        Description = "test",
        Artifact = new MemoryStream([1, 2, 3]),
        ArtifactFileName = "payload.zip",
        Parameters = new Dictionary<string, string> { ["image"] = "example" },
    };

    public static HttpResponseMessage Created(HttpRequestMessage request)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Created);
        response.Headers.Location = new Uri(request.RequestUri!.AbsoluteUri + "/" + RequestId.ToString("D"));
        return response;
    }

    public static HttpResponseMessage Status(string status, bool isFinal, string? workflowStatus = null) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(
            $$"""{"status":"{{status}}","isFinalStatus":{{(isFinal ? "true" : "false")}},"workflowStatus":"{{workflowStatus ?? status}}","unknownField":1}""",
            System.Text.Encoding.UTF8,
            "application/json"),
    };
}
