using System.Net;
using System.Text;
using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Tests.SignPath;

namespace SignPath.Docker.Build.Tests.Hostile;

/// <summary>JSON from a server that has the right shape only at first glance: wrong types, missing fields.</summary>
public sealed class MalformedJsonHostileTests
{
    private const string Timestamp =
        """{"_type":"Timestamp","version":1,"expires":"2030-01-01T00:00:00Z","meta":{"snapshot":{"length":10,"hashes":{"sha256":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}}}}""";

    [Theory]
    [InlineData("\"version\":1", "\"version\":\"1\"")]
    [InlineData("\"version\":1,", "")]
    [InlineData("\"expires\":\"2030-01-01T00:00:00Z\"", "\"expires\":20300101")]
    [InlineData("\"expires\":\"2030-01-01T00:00:00Z\"", "\"expires\":\"next year\"")]
    [InlineData("\"_type\":\"Timestamp\"", "\"_type\":\"Targets\"")]
    [InlineData("\"length\":10", "\"length\":\"10\"")]
    [InlineData("\"meta\":{", "\"meta\":[{")]
    public void Tuf_roles_with_wrong_types_or_missing_fields_are_invalid_trust_data(string field, string replacement)
    {
        var json = Timestamp.Replace(field, replacement, StringComparison.Ordinal);
        if (replacement.StartsWith("\"meta\":[", StringComparison.Ordinal))
        {
            json = json[..^1] + "]}";
        }

        var exception = Assert.Throws<SignPathDockerException>(() =>
        {
            using var document = StrictJson.Parse(Encoding.UTF8.GetBytes(json), "timestamp.json");
            TufTimestamp.Parse(document.RootElement);
        });

        Assert.Equal(ErrorCodes.TrustDataInvalid, exception.Code);
    }

    [Fact]
    public void The_valid_timestamp_the_cases_start_from_parses()
    {
        using var document = StrictJson.Parse(Encoding.UTF8.GetBytes(Timestamp), "timestamp.json");

        Assert.Equal(1, TufTimestamp.Parse(document.RootElement).Version);
    }

    [Theory]
    [InlineData("{\"status\":5,\"isFinalStatus\":true}")]
    [InlineData("{\"status\":\"Completed\",\"isFinalStatus\":\"yes\"}")]
    [InlineData("[\"Completed\"]")]
    [InlineData("{\"status\":\"Completed\",\"isFinalStatus\":true")]
    [InlineData("<html>maintenance</html>")]
    public async Task SignPath_status_answers_of_the_wrong_shape_are_a_clear_error(string body)
    {
        var handler = new FakeHttpMessageHandler().Then(HttpStatusCode.OK, body, r => r.Content.Headers.ContentType = new("application/json"));
        using var client = SignPathTestData.Client(handler);

        var exception = await Assert.ThrowsAsync<SignPathDockerException>(() => client.WaitForCompletionAsync(SignPathTestData.Request(), CancellationToken.None));

        Assert.StartsWith("SPD3", exception.Code, StringComparison.Ordinal);
        Assert.IsNotType<JsonException>(exception.InnerException, exactMatch: false);
    }
}
