using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>What every fault-sweep run shares: the short registry-client timings and how one run's outcome is taken.</summary>
internal static class FaultSweep
{
    /// <summary>How long one run may take before the guard cancels it.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Short enough that a sweep of every position stays quick; long enough for one Retry-After: 1.
    /// <paramref name="requestTimeout"/> (default 2 s) is for runs that need more room inside one request.
    /// </summary>
    public static RegistryClientOptions RegistryOptions(TimeSpan? requestTimeout = null) => new()
    {
        RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(2),
        InitialRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        RetryBudget = TimeSpan.FromSeconds(3),
    };

    /// <summary>Runs <paramref name="run"/> under a 60 s guard; returns the failure, or null on success.</summary>
    public static async Task<Exception?> OutcomeAsync(Func<CancellationToken, Task> run)
    {
        using var guard = new CancellationTokenSource(Guard);
        try
        {
            await run(guard.Token);
            return null;
        }
#pragma warning disable CA1031 // Every kind of failure is an outcome to judge.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return exception;
        }
    }
}
