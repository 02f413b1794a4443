using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Registry.Credentials;
using Xunit;

namespace SignPath.Docker.Build.Tests.Registry;

/// <summary>Protocol behaviour against a scripted transport: retries, auth handshakes, verification, request counts.</summary>
public class RegistryClientTests
{
    private static readonly RepositoryReference Repo = new("registry.example.com", "sample/app");
    private static readonly byte[] ManifestBytes = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}""");
    private static readonly string ManifestDigest = ContentDigest.Sha256(ManifestBytes);

    private readonly ConcurrentQueue<TimeSpan> _delays = new();

    [Fact]
    public async Task RetriesServiceUnavailableHonouringRetryAfter()
    {
        var calls = 0;
        var transport = new FakeRegistryHandler(_ => Interlocked.Increment(ref calls) switch
        {
            1 => WithRetryAfter(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), TimeSpan.FromSeconds(7)),
            2 => new HttpResponseMessage(HttpStatusCode.TooManyRequests),
            _ => ManifestResponse(),
        });
        using var client = Client(transport);

        var manifest = await client.GetManifestAsync(Repo, "1.0", default);

        Assert.Equal(ManifestDigest, manifest!.Digest);
        // Retry-After wins; without it, the second retry backs off 0.5 s * 2.
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(1)], _delays);
        Assert.Equal(3, client.Statistics.Requests);
        Assert.Equal(3, client.Statistics.CountOf(HttpMethod.Get));
    }

    [Fact]
    public async Task GivesUpWhenTheRetryBudgetIsSpentAndReportsTheRegistryError()
    {
        var transport = new FakeRegistryHandler(_ => ErrorResponse(HttpStatusCode.BadGateway, "UNAVAILABLE", "backend down"));
        using var client = Client(transport, new RegistryClientOptions { RetryBudget = TimeSpan.FromSeconds(10), InitialRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(4) });

        var ex = await Assert.ThrowsAsync<SignPathDockerException>(() => client.HeadManifestAsync(Repo, "1.0", default));

        Assert.Equal(ErrorCodes.RegistryRequestFailed, ex.Code);
        // Waits 1 + 2 + 4 = 7 s; the next 4 s would exceed the 10 s budget.
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], _delays);
        Assert.Equal(4, client.Statistics.Requests);
    }

    [Fact]
    public async Task DoesNotRetryPostAndShowsTheRegistryMessage()
    {
        var transport = new FakeRegistryHandler(r => r.Method == HttpMethod.Head
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : ErrorResponse(HttpStatusCode.BadRequest, "NAME_INVALID", "invalid repository name"));
        using var client = Client(transport);

        var ex = await Assert.ThrowsAsync<SignPathDockerException>(() =>
            client.PushBlobAsync(Repo, ManifestDigest, ManifestBytes.Length, () => new MemoryStream(ManifestBytes), default));

        Assert.Equal(ErrorCodes.RegistryRequestFailed, ex.Code);
        Assert.Contains("NAME_INVALID: invalid repository name", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, client.Statistics.CountOf(HttpMethod.Post));
        Assert.Empty(_delays);
    }

    [Fact]
    public async Task RestartsAWholeUploadAfterATransientFailure()
    {
        var puts = 0;
        var transport = new FakeRegistryHandler(r =>
        {
            if (r.Method == HttpMethod.Head)
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            }

            if (r.Method == HttpMethod.Post)
            {
                return UploadSession("/v2/sample/app/blobs/uploads/u1?_state=x");
            }

            return Interlocked.Increment(ref puts) == 1 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : Created(ManifestDigest);
        });
        using var client = Client(transport);

        await client.PushBlobAsync(Repo, ManifestDigest, ManifestBytes.Length, () => new MemoryStream(ManifestBytes), default);

        Assert.Equal(2, client.Statistics.CountOf(HttpMethod.Post));
        Assert.Equal(2, client.Statistics.CountOf(HttpMethod.Put));
        Assert.Single(_delays);
        Assert.All(transport.Requests.Where(r => r.Method == HttpMethod.Put), r => Assert.Equal(ManifestBytes, r.Body));
    }

    [Fact]
    public async Task ChunkedUploadSendsContentRangesAndFollowsLocations()
    {
        var content = Enumerable.Range(0, 10).Select(i => (byte)i).ToArray();
        var digest = ContentDigest.Sha256(content);
        var patches = 0;
        var transport = new FakeRegistryHandler(r =>
        {
            if (r.Method == HttpMethod.Head)
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            }

            if (r.Method == HttpMethod.Post)
            {
                return UploadSession("/v2/sample/app/blobs/uploads/u1?_state=0");
            }

            if (r.Method == HttpMethod.Patch)
            {
                // Absolute Location on the second hop, relative on the others.
                var next = ++patches;
                return UploadSession(next == 2 ? $"https://registry.example.com/v2/sample/app/blobs/uploads/u1?_state={next}" : $"/v2/sample/app/blobs/uploads/u1?_state={next}");
            }

            return Created(digest);
        });
        using var client = Client(transport, new RegistryClientOptions { ChunkSize = 4 });

        await client.PushBlobAsync(Repo, digest, content.Length, () => new MemoryStream(content), default);

        var sent = transport.Requests.ToArray();
        Assert.Equal(["HEAD", "POST", "PATCH", "PATCH", "PATCH", "PUT"], sent.Select(r => r.Method.Method));
        Assert.Equal("_state=3&digest=" + Uri.EscapeDataString(digest), sent[^1].Uri.Query.TrimStart('?'));
        Assert.Equal(content, sent.Where(r => r.Method == HttpMethod.Patch).SelectMany(r => r.Body));
        Assert.Equal(10, client.Statistics.BytesSent);
    }

    [Fact]
    public async Task BearerHandshakeHappensOncePerScopeAndLaterRequestsCarryTheToken()
    {
        var tokenRequests = 0;
        var transport = new FakeRegistryHandler(r =>
        {
            if (r.RequestUri!.Host == "auth.example.com")
            {
                Interlocked.Increment(ref tokenRequests);
                Assert.Equal("Basic", r.Headers.Authorization?.Scheme);
                Assert.Contains("scope=repository%3Asample%2Fapp%3Apull", r.RequestUri.Query, StringComparison.Ordinal);
                return Json("""{"token":"tok-1","expires_in":300}""");
            }

            if (r.Headers.Authorization?.ToString() != "Bearer tok-1")
            {
                return Challenge("Bearer", "realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:sample/app:pull\"");
            }

            return ManifestResponse();
        });
        using var client = Client(transport, credentials: RegistryCredentials.WithPassword("u", "p"));

        await client.GetManifestAsync(Repo, "1.0", default);
        var afterFirst = client.Statistics.Requests;
        await client.GetManifestAsync(Repo, "1.0", default);
        await client.GetManifestAsync(Repo, ManifestDigest, default);

        Assert.Equal(3, afterFirst); // 401, token, retried GET
        Assert.Equal(5, client.Statistics.Requests); // then one request each
        Assert.Equal(1, tokenRequests);
    }

    [Fact]
    public async Task IdentityTokenIsExchangedAsAnOAuthRefreshToken()
    {
        var transport = new FakeRegistryHandler(r =>
        {
            if (r.RequestUri!.Host == "auth.example.com")
            {
                Assert.Equal(HttpMethod.Post, r.Method);
                var form = r.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
                Assert.Contains("grant_type=refresh_token", form, StringComparison.Ordinal);
                Assert.Contains("refresh_token=id-tok", form, StringComparison.Ordinal);
                return Json("""{"access_token":"acc-1"}""");
            }

            return r.Headers.Authorization?.ToString() == "Bearer acc-1"
                ? ManifestResponse()
                : Challenge("Bearer", "realm=\"https://auth.example.com/token\",service=\"registry.example.com\"");
        });
        using var client = Client(transport, credentials: RegistryCredentials.WithIdentityToken("id-tok"));

        Assert.NotNull(await client.GetManifestAsync(Repo, "1.0", default));
        Assert.Equal(3, client.Statistics.Requests);
    }

    [Fact]
    public async Task BasicCredentialsAreSentUpFrontAfterTheFirstChallenge()
    {
        var transport = new FakeRegistryHandler(r => r.Headers.Authorization is null
            ? Challenge("Basic", "realm=\"test\"")
            : ManifestResponse());
        using var client = Client(transport, credentials: RegistryCredentials.WithPassword("u", "p"));

        await client.HeadManifestAsync(Repo, "1.0", default);
        await client.HeadManifestAsync(Repo, "2.0", default);
        await client.HeadManifestAsync(Repo, "3.0", default);

        Assert.Equal(4, client.Statistics.Requests);
    }

    [Fact]
    public async Task RefusedCredentialsBecomeRegistryUnauthorizedWithoutTheSecret()
    {
        var transport = new FakeRegistryHandler(_ => Challenge("Basic", "realm=\"test\""));
        using var client = Client(transport, credentials: RegistryCredentials.WithPassword("u", "hunter2"));

        var ex = await Assert.ThrowsAsync<SignPathDockerException>(() => client.GetManifestAsync(Repo, "1.0", default));

        Assert.Equal(ErrorCodes.RegistryUnauthorized, ex.Code);
        Assert.Contains("DOTNET_CONTAINER_REGISTRY_UNAME", ex.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message + ex.Hint, StringComparison.Ordinal);
        Assert.Equal(2, client.Statistics.Requests);
    }

    [Fact]
    public async Task NeverSendsCredentialsToAnHttpRealmOfASecureRegistry()
    {
        var transport = new FakeRegistryHandler(_ => Challenge("Bearer", "realm=\"http://evil.example.com/token\",service=\"x\""));
        using var client = Client(transport, credentials: RegistryCredentials.WithPassword("u", "p"));

        var ex = await Assert.ThrowsAsync<SignPathDockerException>(() => client.GetManifestAsync(Repo, "1.0", default));

        Assert.Equal(ErrorCodes.InvalidAuthChallenge, ex.Code);
        Assert.DoesNotContain(transport.Requests, r => r.Uri.Host == "evil.example.com");
    }

    [Fact]
    public async Task ManifestByDigestIsVerified()
    {
        var wrongDigest = "sha256:" + new string('a', 64);
        using var client = Client(new FakeRegistryHandler(_ => ManifestResponse()));

        var ex = await Assert.ThrowsAsync<SignPathDockerException>(() => client.GetManifestAsync(Repo, wrongDigest, default));

        Assert.Equal(ErrorCodes.DigestMismatch, ex.Code);
    }

    [Fact]
    public async Task ManifestWhoseBodyBreaksOffAfterTheHeadersIsAskedForAgain()
    {
        var calls = 0;
        using var client = Client(new FakeRegistryHandler(_ => ++calls == 1 ? BrokenBodyResponse() : ManifestResponse()));

        var manifest = await client.GetManifestAsync(Repo, "1.0", default);

        Assert.NotNull(manifest);
        Assert.Equal(ManifestDigest, manifest.Digest);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task ManifestWhoseBodyKeepsBreakingOffIsARegistryErrorNotARawException()
    {
        var calls = 0;
        using var client = Client(new FakeRegistryHandler(_ =>
        {
            calls++;
            return BrokenBodyResponse();
        }));

        var ex = await Assert.ThrowsAsync<SignPathDockerException>(() => client.GetManifestAsync(Repo, "1.0", default));

        Assert.Equal(ErrorCodes.RegistryUnreachable, ex.Code);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task ManifestByTagIsCheckedAgainstDockerContentDigest()
    {
        using var client = Client(new FakeRegistryHandler(_ => ManifestResponse("sha256:" + new string('b', 64))));

        var ex = await Assert.ThrowsAsync<SignPathDockerException>(() => client.GetManifestAsync(Repo, "1.0", default));

        Assert.Equal(ErrorCodes.DigestMismatch, ex.Code);
    }

    [Fact]
    public async Task OversizedManifestIsRefused()
    {
        using var client = Client(new FakeRegistryHandler(_ => ManifestResponse()), new RegistryClientOptions { MaxManifestBytes = 10 });

        var ex = await Assert.ThrowsAsync<SignPathDockerException>(() => client.GetManifestAsync(Repo, "1.0", default));

        Assert.Equal(ErrorCodes.RegistryRequestFailed, ex.Code);
    }

    [Fact]
    public async Task PutManifestDetectsARewritingRegistry()
    {
        using var client = Client(new FakeRegistryHandler(_ => Created("sha256:" + new string('c', 64))));

        var ex = await Assert.ThrowsAsync<SignPathDockerException>(() =>
            client.PutManifestAsync(Repo, "1.0", new RegistryManifest(MediaTypes.OciManifest, ManifestBytes), default));

        Assert.Equal(ErrorCodes.DigestMismatch, ex.Code);
    }

    [Fact]
    public async Task MountThatTurnsIntoAnUploadSessionIsCanceled()
    {
        var transport = new FakeRegistryHandler(r => r.Method == HttpMethod.Post
            ? UploadSession("/v2/sample/app/blobs/uploads/u9")
            : new HttpResponseMessage(HttpStatusCode.NoContent));
        using var client = Client(transport);

        var mounted = await client.TryMountBlobAsync(Repo, ManifestDigest, "other/app", default);

        Assert.False(mounted);
        Assert.Equal(["POST", "DELETE"], transport.Requests.Select(r => r.Method.Method));
        Assert.Equal("/v2/sample/app/blobs/uploads/u9", transport.Requests.Last().Uri.AbsolutePath);
    }

    [Fact]
    public async Task LoopbackRegistryFallsBackToHttpOnceAndRemembersIt()
    {
        var transport = new FakeRegistryHandler(r => r.RequestUri!.Scheme == "https"
            ? throw new HttpRequestException(HttpRequestError.SecureConnectionError, "TLS handshake failed")
            : ManifestResponse());
        using var client = Client(transport);
        var local = new RepositoryReference("127.0.0.1:5000", "sample/app");

        await client.HeadManifestAsync(local, "1.0", default);
        await client.HeadManifestAsync(local, "2.0", default);

        Assert.Equal(1, client.Statistics.ConnectionFailures);
        Assert.Equal(2, client.Statistics.Requests);
        Assert.Equal(["https", "http", "http"], transport.Requests.Select(r => r.Uri.Scheme));
    }

    [Fact]
    public async Task SecureRegistryDoesNotFallBackToHttp()
    {
        var transport = new FakeRegistryHandler(_ => throw new HttpRequestException(HttpRequestError.SecureConnectionError, "TLS handshake failed"));
        using var client = Client(transport);

        var ex = await Assert.ThrowsAsync<SignPathDockerException>(() => client.HeadManifestAsync(Repo, "1.0", default));

        Assert.Equal(ErrorCodes.RegistryTlsFailed, ex.Code);
        Assert.Contains("TLS", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, client.Statistics.ConnectionFailures);
    }

    private RegistryClient Client(FakeRegistryHandler transport, RegistryClientOptions? options = null, RegistryCredentials? credentials = null) =>
        new(
            options ?? new RegistryClientOptions { GetEnvironmentVariable = _ => null },
            NullProgressLog.Instance,
            transport,
            new FixedCredentials(credentials),
            (delay, _) =>
            {
                _delays.Enqueue(delay);
                return Task.CompletedTask;
            });

    private static HttpResponseMessage ManifestResponse(string? reportedDigest = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(ManifestBytes) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OciManifest);
        response.Headers.Add("Docker-Content-Digest", reportedDigest ?? ManifestDigest);
        return response;
    }

    /// <summary>Headers arrive, then the connection resets while the body is read.</summary>
    private static HttpResponseMessage BrokenBodyResponse()
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ResettingStream()) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OciManifest);
        response.Headers.Add("Docker-Content-Digest", ManifestDigest);
        return response;
    }

    private static HttpResponseMessage Created(string digest)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Created);
        response.Headers.Add("Docker-Content-Digest", digest);
        return response;
    }

    private static HttpResponseMessage UploadSession(string location)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Accepted);
        response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
        return response;
    }

    private static HttpResponseMessage Challenge(string scheme, string parameters)
    {
        var response = ErrorResponse(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "authentication required");
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue(scheme, parameters));
        return response;
    }

    private static HttpResponseMessage ErrorResponse(HttpStatusCode status, string code, string message) =>
        new(status) { Content = new StringContent($$"""{"errors":[{"code":"{{code}}","message":"{{message}}","detail":null}]}""", Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Json(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage WithRetryAfter(HttpResponseMessage response, TimeSpan delay)
    {
        response.Headers.RetryAfter = new RetryConditionHeaderValue(delay);
        return response;
    }

    private sealed class FixedCredentials(RegistryCredentials? credentials) : IRegistryCredentialProvider
    {
        public Task<RegistryCredentials?> GetCredentialsAsync(string registry, CancellationToken cancellationToken) => Task.FromResult(credentials);
    }

    private sealed class ResettingStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("Connection reset by peer");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new IOException("Connection reset by peer");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new IOException("Connection reset by peer");
    }
}
