using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry.Credentials;

namespace SignPath.Docker.Build.Registry.Http;

/// <summary>
/// Builds the handler chain every registry-facing HttpClient uses (the Notary client too):
/// retry → authentication (its token requests under a retry handler of their own) → https-to-http fallback (loopback/insecure only) → HTTP version → statistics → sockets.
/// </summary>
internal static class RegistryHttpPipeline
{
    public static HttpMessageHandler Create(
        RegistryClientOptions options,
        IProgressLog log,
        RegistryRequestStatistics statistics,
        IRegistryCredentialProvider? credentials = null,
        HttpMessageHandler? transport = null,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        var policy = InsecureRegistryPolicy.FromOptions(options);
        transport ??= new SocketsHttpHandler
        {
            // Keep the Authorization header away from redirect targets (blob storage): .NET drops it on redirects.
            AllowAutoRedirect = true,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        HttpMessageHandler handler = new RequestStatisticsHandler(statistics, transport);
        handler = new HttpVersionHandler(handler);
        handler = new HttpSchemeFallbackHandler(policy, log, handler);
        var retry = RetryPolicy.FromOptions(options, delay);
        handler = new RegistryAuthenticationHandler(credentials ?? RegistryCredentialResolver.FromOptions(options, log), policy, log, handler, retry);
        return new RegistryRetryHandler(retry, log, handler);
    }

    /// <summary>An HttpClient over <see cref="Create"/> with our User-Agent and no overall timeout (retries have their own budget).</summary>
    public static HttpClient CreateClient(HttpMessageHandler pipeline)
    {
        var client = new HttpClient(pipeline, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(Build.Http.UserAgent.Value);
        return client;
    }
}
