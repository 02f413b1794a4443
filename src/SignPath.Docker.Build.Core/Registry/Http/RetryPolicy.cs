using System.Net;
using SignPath.Docker.Build.Http;

namespace SignPath.Docker.Build.Registry.Http;

/// <summary>Which failures are worth another try, and how long to wait before it.</summary>
internal sealed class RetryPolicy
{
    public RetryPolicy(TimeSpan budget, TimeSpan initialDelay, TimeSpan maxDelay, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        Budget = budget;
        InitialDelay = initialDelay;
        MaxDelay = maxDelay;
        Delay = delay ?? Task.Delay;
    }

    /// <summary>Total waiting allowed between attempts of one operation; attempts themselves are bounded by the request timeout.</summary>
    public TimeSpan Budget { get; }

    public TimeSpan InitialDelay { get; }

    public TimeSpan MaxDelay { get; }

    /// <summary>Waits between attempts; tests replace it so they need no real time.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; }

    public static RetryPolicy FromOptions(RegistryClientOptions options, Func<TimeSpan, CancellationToken, Task>? delay = null) =>
        new(options.RetryBudget, options.InitialRetryDelay, options.MaxRetryDelay, delay);

    /// <summary>408, 429, 502, 503, 504: the server (or a proxy before it) says "not now", not "no".</summary>
    public static bool IsRetryableStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// Connection resets and truncated responses are transient. A refused connection, a DNS failure or a TLS
    /// failure is not: retrying would only delay the error the user has to fix. Where the URL is known,
    /// <see cref="NetworkFailure.Classify"/> also retries a refused connection to a host that is not loopback.
    /// </summary>
    public static bool IsTransient(HttpRequestException exception) => NetworkFailure.Classify(exception, null).IsTransient;

    /// <summary>Retry-After (seconds or a date) when the server sent one, else exponential back-off with ±10 % jitter.</summary>
    public TimeSpan NextDelay(int attempt, HttpResponseMessage? response) =>
        RetryDelays.Next(attempt, RetryDelays.FromRetryAfter(response?.Headers.RetryAfter, DateTimeOffset.UtcNow), InitialDelay, MaxDelay);
}
