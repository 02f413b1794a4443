using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Registry.Credentials;
using SignPath.Docker.Build.Registry.Http;
using Xunit;

namespace SignPath.Docker.Build.Tests.Registry;

/// <summary>
/// Statuses and token-service faults against a scripted transport: which answers are retried (and waited for),
/// token requests under the same retry policy, one token fetch shared by concurrent requests, the token body cap,
/// and the scope the caller states.
/// </summary>
public partial class RegistryClientTests
{
    private const string TokenChallenge = "realm=\"https://auth.example.com/token\",service=\"registry.example.com\"";

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.MethodNotAllowed, false)]
    [InlineData(HttpStatusCode.Conflict, false)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.NotImplemented, false)]
    public async Task EachStatusIsRetriedOrReportedAtOnce(HttpStatusCode status, bool retried)
    {
        var calls = 0;
        var transport = new FakeRegistryHandler(_ => Interlocked.Increment(ref calls) == 1 ? new HttpResponseMessage(status) : ManifestResponse());
        using var client = Client(transport);

        if (retried)
        {
            Assert.NotNull(await client.GetManifestAsync(Repo, "1.0", default));
            Assert.Single(_delays);
            Assert.Equal(2, calls);
        }
        else
        {
            var ex = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repo, "1.0", default));
            Assert.Equal(status, ex.StatusCode);
            Assert.False(ex.IsTransient);
            Assert.Empty(_delays);
            Assert.Equal(1, calls);
        }
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.BadGateway)]
    public async Task TokenServiceFaultsAreRetriedUnderTheRegistryPolicy(HttpStatusCode status)
    {
        var tokenRequests = 0;
        var transport = TokenAuthRegistry(() => Interlocked.Increment(ref tokenRequests) switch
        {
            1 => WithRetryAfter(new HttpResponseMessage(status), TimeSpan.FromSeconds(3)),
            2 => new HttpResponseMessage(status),
            _ => Json("""{"token":"tok-1","expires_in":300}"""),
        });
        using var client = Client(transport, credentials: RegistryCredentials.WithPassword("u", "p"));

        Assert.NotNull(await client.GetManifestAsync(Repo, "1.0", default));

        Assert.Equal(3, tokenRequests);
        AssertDelays([3, 1], _delays, jittered: [false, true]); // Retry-After, then 0.5 s * 2
    }

    [Fact]
    public async Task ATokenServiceResetIsRetried()
    {
        var tokenRequests = 0;
        var transport = TokenAuthRegistry(() => Interlocked.Increment(ref tokenRequests) == 1
            ? throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")
            : Json("""{"token":"tok-1"}"""));
        using var client = Client(transport, credentials: RegistryCredentials.WithPassword("u", "p"));

        Assert.NotNull(await client.GetManifestAsync(Repo, "1.0", default));
        Assert.Equal(2, tokenRequests);
    }

    [Fact]
    public async Task AnOAuthTokenPostIsRetriedToo()
    {
        var tokenRequests = 0;
        var transport = TokenAuthRegistry(() => Interlocked.Increment(ref tokenRequests) == 1
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : Json("""{"access_token":"tok-1"}"""));
        using var client = Client(transport, credentials: RegistryCredentials.WithIdentityToken("id-tok"));

        Assert.NotNull(await client.GetManifestAsync(Repo, "1.0", default));
        Assert.Equal(2, tokenRequests);
        Assert.All(transport.Requests.Where(r => r.Uri.Host == "auth.example.com"), r => Assert.Equal(HttpMethod.Post, r.Method));
    }

    [Fact]
    public async Task ATokenServiceThatStaysDownIsATransientRegistryErrorAfterTheBudget()
    {
        var transport = TokenAuthRegistry(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var client = Client(transport, new RegistryClientOptions { RetryBudget = TimeSpan.FromSeconds(3.5), InitialRetryDelay = TimeSpan.FromSeconds(1), GetEnvironmentVariable = _ => null });

        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repo, "1.0", default));

        Assert.Equal(ErrorCodes.RegistryRequestFailed, ex.Code);
        Assert.True(ex.IsTransient);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Contains("token service", ex.Message, StringComparison.Ordinal);
        // Waited about 1 + 2 s; the registry request above is not repeated with all the token retries again.
        Assert.Equal(2, _delays.Count);
        Assert.Equal(1, transport.Requests.Count(r => r.Uri.Host == "registry.example.com"));
    }

    [Fact]
    public async Task ATokenBodyOverTheCapIsRefusedWithoutRetrying()
    {
        var huge = "{\"token\":\"" + new string('a', RegistryAuthenticationHandler.MaxTokenResponseBytes) + "\"}";
        var transport = TokenAuthRegistry(() => Json(huge));
        using var client = Client(transport);

        var ex = await Assert.ThrowsAnyAsync<SignPathDockerException>(() => client.GetManifestAsync(Repo, "1.0", default));

        Assert.Equal(ErrorCodes.RegistryRequestFailed, ex.Code);
        Assert.Contains("token service", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_delays);
    }

    [Fact]
    public async Task ConcurrentRequestsForOneScopeShareOneTokenFetch()
    {
        var tokenRequests = 0;
        var transport = TokenAuthRegistry(() =>
        {
            Interlocked.Increment(ref tokenRequests);
            Thread.Sleep(200); // long enough for every request below to be waiting for the token
            return Json("""{"token":"tok-1","expires_in":300}""");
        });
        using var client = Client(transport);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => client.GetManifestAsync(Repo, "1.0", default))));

        Assert.Equal(1, tokenRequests);
    }

    [Fact]
    public async Task TheScopeIsTheOneTheClientStatesForTheRequest()
    {
        var transport = TokenAuthRegistry(() => Json("""{"token":"tok-1"}"""));
        using var client = Client(transport);

        await client.PutManifestAsync(Repo, "1.0", new RegistryManifest(MediaTypes.OciManifest, ManifestBytes), default);

        var tokenRequest = Assert.Single(transport.Requests, r => r.Uri.Host == "auth.example.com");
        Assert.Equal("service=registry.example.com&scope=" + Uri.EscapeDataString("repository:sample/app:pull,push"), tokenRequest.Uri.Query.TrimStart('?'));
        Assert.StartsWith("SignPath.Docker.Build/", tokenRequest.UserAgent, StringComparison.Ordinal); // as every request of ours says who sent it
    }

    [Fact]
    public async Task RequestsWithoutAStatedScopeFallBackToTheUrl()
    {
        var transport = TokenAuthRegistry(() => Json("""{"token":"tok-1"}"""));
        using var pipeline = RegistryHttpPipeline.CreateClient(RegistryHttpPipeline.Create(
            new RegistryClientOptions { GetEnvironmentVariable = _ => null }, NullProgressLog.Instance, new RegistryRequestStatistics(), new FixedCredentials(null), transport, (_, _) => Task.CompletedTask));

        using var stated = new HttpRequestMessage(HttpMethod.Get, "https://registry.example.com/v2/sample/app/tags/list");
        stated.Options.Set(RegistryRequestOptions.Scope, "repository:other/app:pull");
        using var guessed = new HttpRequestMessage(HttpMethod.Delete, "https://registry.example.com/v2/third/app/manifests/1.0");
        (await pipeline.SendAsync(stated)).Dispose();
        (await pipeline.SendAsync(guessed)).Dispose();

        Assert.Equal(
            ["repository:other/app:pull", "repository:third/app:pull,push"],
            transport.Requests.Where(r => r.Uri.Host == "auth.example.com").Select(r => Uri.UnescapeDataString(r.Uri.Query.Split("scope=")[1])));
    }

    /// <summary>A registry that wants a Bearer token "tok-1" from auth.example.com, whose answers <paramref name="token"/> gives.</summary>
    private static FakeRegistryHandler TokenAuthRegistry(Func<HttpResponseMessage> token) =>
        new(r =>
        {
            if (r.RequestUri!.Host == "auth.example.com")
            {
                return token();
            }

            if (r.Headers.Authorization?.ToString() != "Bearer tok-1")
            {
                return Challenge("Bearer", TokenChallenge);
            }

            return r.Method == HttpMethod.Put ? Created(ManifestDigest) : ManifestResponse();
        });
}
