using System.Text;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.Tests.SignPath;

public sealed class SigningRequestStatusTests
{
    [Fact]
    public void Reads_the_documented_fields_in_any_case_and_ignores_the_rest()
    {
        var status = SigningRequestStatus.Parse(Encoding.UTF8.GetBytes("""
            { "Status": "Completed", "isFinalStatus": true, "WORKFLOWSTATUS": "Completed", "origin": { "buildData": {} },
              "createdDate": "2026-11-29T06:00:00Z", "signedArtifactLink": "https://app.signpath.io/API/v1/o/SigningRequests/1/SignedArtifact",
              "parameters": { "build": "42", "empty": null }, "description": null }
            """));

        Assert.Equal("Completed", status.Status);
        Assert.True(status.IsFinalStatus);
        Assert.Equal("Completed", status.WorkflowStatus);
        Assert.Equal(new Uri("https://app.signpath.io/API/v1/o/SigningRequests/1/SignedArtifact"), status.SignedArtifactLink);
        Assert.Equal("42", status.Parameters!["build"]);
        Assert.Equal(string.Empty, status.Parameters["empty"]);
        Assert.Null(status.Description);
    }

    [Fact]
    public void A_missing_final_flag_means_not_final()
    {
        Assert.False(SigningRequestStatus.Parse("""{"status":"WaitingForApproval"}"""u8.ToArray()).IsFinalStatus);
    }

    [Theory]
    [InlineData("""{"parameters":{"build":42}}""")]
    [InlineData("""{"parameters":["build"]}""")]
    [InlineData("""{"isFinalStatus":null}""")]
    public void Known_fields_of_the_wrong_type_are_refused(string body)
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => SigningRequestStatus.Parse(Encoding.UTF8.GetBytes(body)));
    }
}
