namespace SignPath.Docker.Build.Signing;

/// <summary>
/// Bounded parallel work against registries. The first item runs alone: it teaches the shared client the
/// registry's scheme (https or the loopback http fallback) and its auth challenge, so that parallel requests
/// do not each pay the probe and the 401 round trip.
/// </summary>
internal static class RegistryParallelism
{
    public static async Task ForEachAsync(int count, int maxParallelism, Func<int, CancellationToken, ValueTask> body, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        await body(0, cancellationToken);
        await Parallel.ForEachAsync(
            Enumerable.Range(1, count - 1),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelism), CancellationToken = cancellationToken },
            body);
    }
}
