using System.Net.Http.Headers;

namespace SignPath.Docker.Build.Http;

/// <summary>Backoff between retries, shared by the registry, Notary and SignPath clients: one reading of Retry-After.</summary>
internal static class RetryDelays
{
    /// <summary>
    /// The server's Retry-After (seconds or an HTTP date) when present; a date in the past means "now".
    /// </summary>
    public static TimeSpan? FromRetryAfter(RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var untilDate = date - now;
            return untilDate < TimeSpan.Zero ? TimeSpan.Zero : untilDate;
        }

        return null;
    }

    /// <summary>How far a back-off may stray from its exponential value, either way.</summary>
    public const double Jitter = 0.1;

    /// <summary>
    /// Retry-After wins (the server knows best, and the total budget still bounds it); otherwise
    /// <paramref name="baseDelay"/> doubled per attempt up to <paramref name="maxDelay"/>, ±10 % at random, so that
    /// parallel images (and parallel builds) that failed together do not all come back in the same instant.
    /// </summary>
    public static TimeSpan Next(int attempt, TimeSpan? retryAfter, TimeSpan baseDelay, TimeSpan maxDelay) =>
        Next(attempt, retryAfter, baseDelay, maxDelay, Random.Shared.NextDouble());

    /// <summary><see cref="Next(int, TimeSpan?, TimeSpan, TimeSpan)"/> with the random draw given: 0 is −10 %, 0.5 exact, 1 +10 %.</summary>
    public static TimeSpan Next(int attempt, TimeSpan? retryAfter, TimeSpan baseDelay, TimeSpan maxDelay, double sample)
    {
        if (retryAfter is { } serverDelay)
        {
            return serverDelay;
        }

        var factor = Math.Pow(2, Math.Min(attempt, 30));
        var ticks = Math.Min(baseDelay.Ticks * factor, maxDelay.Ticks);
        var jitter = 1 + (Jitter * ((2 * Math.Clamp(sample, 0, 1)) - 1));
        return TimeSpan.FromTicks((long)(ticks * jitter));
    }
}
