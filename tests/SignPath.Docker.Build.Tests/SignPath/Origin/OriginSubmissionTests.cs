using System.Net;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.SignPath;
using SignPath.Docker.Build.SignPath.Origin;
using Xunit;
using static SignPath.Docker.Build.Tests.SignPath.SignPathTestData;

namespace SignPath.Docker.Build.Tests.SignPath.Origin;

public sealed class OriginSubmissionTests
{
    private static readonly SigningRequestOrigin Origin = new()
    {
        SourceControlManagementType = "git",
        RepositoryUrl = "https://github.com/contoso/app",
        BranchName = "main",
        CommitId = "4f2c1b9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c",
        BuildUrl = "https://github.com/contoso/app/actions/runs/1",
    };

    [Fact]
    public async Task Every_request_of_the_artifact_signing_service_carries_the_origin_and_the_build_parameters()
    {
        var handler = new FakeHttpMessageHandler().Then(Created).Then(_ => Status("Completed", true)).Then(HttpStatusCode.OK, "signed");
        using var service = new SignPathArtifactSigningService(
            Client(handler), "containers", "release-signing", Origin, new Dictionary<string, string> { ["Tag"] = "from-user" });

        await service.SignAsync(
            new ArtifactSigningRequest("cosign", "payload.zip", [1, 2, 3], "test", new Dictionary<string, string> { ["tag"] = "from-flow", ["other"] = "kept" }),
            CancellationToken.None);

        var body = handler.Requests[0].Body!;
        foreach (var (name, value) in Origin.Fields)
        {
            Assert.Contains($"name={name}\r\n\r\n{value}\r\n", body, StringComparison.Ordinal);
        }

        Assert.Contains("name=Parameters.Tag\r\n\r\nfrom-user\r\n", body, StringComparison.Ordinal);
        Assert.Contains("name=Parameters.other\r\n\r\nkept\r\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("from-flow", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_origin_sends_no_origin_field()
    {
        var handler = new FakeHttpMessageHandler().Then(Created);
        using var client = Client(handler);

        await client.SubmitAsync(Submission(), CancellationToken.None);

        Assert.DoesNotContain("Origin.", handler.Requests[0].Body!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, """{"title":"Origin verification failed","detail":"Origin verification failed: no commit."}""")]
    [InlineData(HttpStatusCode.BadRequest, "The origin of this signing request could not be verified.")]
    public async Task A_refusal_that_speaks_of_the_origin_is_SPD3014_with_the_reason(HttpStatusCode status, string body)
    {
        var handler = new FakeHttpMessageHandler().Then(status, body);
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SubmitAsync(Submission(), CancellationToken.None));

        Assert.Equal(ErrorCodes.OriginVerificationFailed, error.Code);
        Assert.Contains("origin", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SignPath origin:", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_refusals_keep_their_codes()
    {
        var handler = new FakeHttpMessageHandler().Then(HttpStatusCode.Forbidden, """{"detail":"The API token has no access to organization x."}""");
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SubmitAsync(Submission(), CancellationToken.None));

        Assert.Equal(ErrorCodes.SignPathForbidden, error.Code);
    }
}
