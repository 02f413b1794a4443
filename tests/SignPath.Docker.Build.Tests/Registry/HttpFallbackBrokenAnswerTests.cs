using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Tests.Registry;

/// <summary>
/// Found by the fault sweep: when the very first plain-http answer of a loopback registry broke off, the TLS
/// error of the https probe was reported (and not retried) although the registry does speak http.
/// </summary>
public sealed class HttpFallbackBrokenAnswerTests
{
    [Fact]
    public async Task A_broken_first_http_answer_is_retried_over_http()
    {
        var manifest = Encoding.UTF8.GetBytes("{\"schemaVersion\":2}");
        var digest = ContentDigest.Sha256(manifest);
        var calls = 0;
        var transport = new FakeRegistryHandler(request =>
        {
            calls++;
            if (request.RequestUri!.Scheme == "https")
            {
                throw new HttpRequestException(HttpRequestError.SecureConnectionError, "not TLS");
            }

            if (calls == 2)
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "connection reset");
            }

            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(manifest) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OciManifest);
            response.Headers.Add("Docker-Content-Digest", digest);
            return response;
        });
        using var client = new RegistryClient(
            new RegistryClientOptions { GetEnvironmentVariable = _ => null }, NullProgressLog.Instance, transport, credentials: null, (_, _) => Task.CompletedTask);

        var found = await client.HeadManifestAsync(new RepositoryReference("127.0.0.1:5000", "sample/app"), digest, default);

        Assert.Equal(digest, found?.Digest);
        Assert.Equal(["https", "http", "http"], transport.Requests.Select(r => r.Uri.Scheme));
    }
}
