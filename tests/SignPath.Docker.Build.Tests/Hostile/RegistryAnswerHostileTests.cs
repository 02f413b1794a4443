using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Tests.Registry;

namespace SignPath.Docker.Build.Tests.Hostile;

/// <summary>A registry (or something in front of it) that answers for other content than was asked for.</summary>
public sealed class RegistryAnswerHostileTests
{
    private static readonly RepositoryReference Repo = new("localhost:5000", "sample/app");
    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}");
    private static readonly string Digest = ContentDigest.Sha256(Manifest);
    private static readonly string Other = "sha256:" + new string('d', 64);

    [Fact]
    public async Task Head_by_digest_that_reports_another_digest_is_refused()
    {
        using var client = Client(_ => Answer(Other, withBody: false));

        var exception = await Assert.ThrowsAsync<SignPathDockerException>(() => client.HeadManifestAsync(Repo, Digest, default));

        Assert.Equal(ErrorCodes.DigestMismatch, exception.Code);
    }

    [Fact]
    public async Task Get_by_digest_whose_bytes_hash_elsewhere_is_refused()
    {
        using var client = Client(_ => Answer(Digest, withBody: true));

        var exception = await Assert.ThrowsAsync<SignPathDockerException>(() => client.GetManifestAsync(Repo, Other, default));

        Assert.Equal(ErrorCodes.DigestMismatch, exception.Code);
    }

    private static RegistryClient Client(Func<HttpRequestMessage, HttpResponseMessage> respond) =>
        new(new RegistryClientOptions { GetEnvironmentVariable = _ => null }, NullProgressLog.Instance, new FakeRegistryHandler(respond), credentials: null, (_, _) => Task.CompletedTask);

    private static HttpResponseMessage Answer(string reportedDigest, bool withBody)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(withBody ? Manifest : []) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OciManifest);
        response.Headers.Add("Docker-Content-Digest", reportedDigest);
        return response;
    }
}
