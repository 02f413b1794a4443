using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.IntegrationTests.Registry;
using SignPath.Docker.Build.IntegrationTests.Rig;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>
/// Registries and Notary, like SignPath: one progress line per retry, and no retry at all for what waiting cannot
/// fix (a host name that does not resolve, an untrusted certificate, nothing listening on a loopback port).
/// </summary>
[Collection(RegistryRigDefinition.Name)]
public sealed class NoSilentWaitTests(RegistryRig rig, HttpNotaryRig notary) : IClassFixture<HttpNotaryRig>
{
    private const string Gun = "localhost:5000/it/no-silent-waits";

    [Fact]
    public async Task A_registry_answering_503_three_times_gives_three_retry_lines_then_the_answer()
    {
        await using var proxy = await FaultProxy.StartAsync(new Uri($"http://{rig.Anonymous}/"));
        proxy.Reset(new FaultRule(FaultKind.ServiceUnavailable, 1, "HEAD", "/manifests/", Times: 3));
        var log = new CollectingProgressLog();
        using var client = new RegistryClient(new RegistryClientOptions { GetEnvironmentVariable = _ => null }, log);

        var manifest = await client.HeadManifestAsync(new RepositoryReference(proxy.Authority, "it/retry-lines"), "1.0", default);

        Assert.Null(manifest);
        var retries = RetryLines(log);
        Assert.Equal(3, retries.Count);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.StartsWith($"registry at {proxy.Authority}: HEAD /v2/it/retry-lines/manifests/1.0 answered 503 Service Unavailable (attempt {attempt}); next try in ", retries[attempt - 1], StringComparison.Ordinal);
            Assert.EndsWith("s left of the retry budget.", retries[attempt - 1], StringComparison.Ordinal);
        }

        Assert.Equal(4, proxy.Requests.Count(r => r.Method == "HEAD"));
    }

    [Fact]
    public async Task A_Notary_server_answering_503_three_times_gives_three_retry_lines_then_the_answer()
    {
        await using var proxy = await FaultProxy.StartAsync(notary.ServerUrl);
        proxy.Reset(new FaultRule(FaultKind.ServiceUnavailable, 1, "GET", "/_trust/tuf/", Times: 3));
        var log = new CollectingProgressLog();
        var (client, http) = NotaryServices.CreateClient(proxy.Url.AbsoluteUri, null, null, log);
        using (http)
        {
            Assert.Null(await client.GetRoleAsync(Gun, "root", default));
        }

        var retries = RetryLines(log);
        Assert.Equal(3, retries.Count);
        Assert.All(retries, line => Assert.StartsWith($"Notary server at {proxy.Authority}: GET /v2/{Gun}/_trust/tuf/root.json answered 503", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_untrusted_registry_certificate_fails_at_once_with_SPD2011()
    {
        await using var server = await UntrustedTlsServer.StartAsync();
        var log = new CollectingProgressLog();
        using var client = new RegistryClient(new RegistryClientOptions { GetEnvironmentVariable = _ => null }, log);

        var error = await Assert.ThrowsAnyAsync<SignPathDockerException>(() => client.HeadManifestAsync(new RepositoryReference(server.Url.Authority, "it/x"), "1.0", default));

        Assert.Equal(ErrorCodes.RegistryTlsFailed, error.Code);
        Assert.Contains("is not trusted", error.Message, StringComparison.Ordinal);
        Assert.Empty(RetryLines(log));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_registry_host_name_that_does_not_resolve_fails_at_once_with_SPD2001()
    {
        var log = new CollectingProgressLog();
        using var client = new RegistryClient(new RegistryClientOptions { GetEnvironmentVariable = _ => null }, log);

        var error = await Assert.ThrowsAnyAsync<SignPathDockerException>(() => client.HeadManifestAsync(new RepositoryReference("registry.invalid", "it/x"), "1.0", default));

        Assert.Equal(ErrorCodes.RegistryUnreachable, error.Code);
        Assert.Contains("registry.invalid does not resolve", error.Message, StringComparison.Ordinal);
        Assert.Empty(RetryLines(log));
    }

    [Fact]
    public async Task Nothing_listening_at_the_Notary_port_fails_on_the_first_attempt_with_SPD5021()
    {
        var log = new CollectingProgressLog();
        var (client, http) = NotaryServices.CreateClient($"http://127.0.0.1:{FreePort.Next()}", null, null, log);
        using (http)
        {
            var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.GetRoleAsync(Gun, "root", default));

            Assert.Equal(ErrorCodes.NotaryUnreachable, error.Code);
            Assert.Contains("nothing listens at 127.0.0.1:", error.Message, StringComparison.Ordinal);
            Assert.Contains("NotaryUrl", error.Hint, StringComparison.Ordinal);
        }

        Assert.Empty(RetryLines(log));
    }

    [Fact]
    public async Task An_untrusted_Notary_certificate_fails_at_once_with_SPD5022()
    {
        await using var server = await UntrustedTlsServer.StartAsync();
        var log = new CollectingProgressLog();
        var (client, http) = NotaryServices.CreateClient(server.Url.AbsoluteUri, null, null, log);
        using (http)
        {
            var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.GetRoleAsync(Gun, "root", default));

            Assert.Equal(ErrorCodes.NotaryTlsFailed, error.Code);
        }

        Assert.Empty(RetryLines(log));
        Assert.Equal(1, server.Connections);
        Assert.Equal(0, server.Requests);
    }

    private static List<string> RetryLines(CollectingProgressLog log) =>
        [.. log.Lines.Where(line => line.Contains("next try in", StringComparison.Ordinal))];
}
