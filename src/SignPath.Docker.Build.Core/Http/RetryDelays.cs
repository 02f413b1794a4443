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

    /// <summary>
    /// Retry-After wins (the server knows best, and the total budget still bounds it); otherwise
    /// <paramref name="baseDelay"/> doubled per attempt up to <paramref name="maxDelay"/>.
    /// </summary>
    public static TimeSpan Next(int attempt, TimeSpan? retryAfter, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (retryAfter is { } serverDelay)
        {
            return serverDelay;
        }

        var factor = Math.Pow(2, Math.Min(attempt, 30));
        var ticks = Math.Min(baseDelay.Ticks * factor, maxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
