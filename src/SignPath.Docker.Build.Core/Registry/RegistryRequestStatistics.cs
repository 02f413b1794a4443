using System.Collections.Concurrent;

namespace SignPath.Docker.Build.Registry;

/// <summary>
/// Counts what went over the wire: every HTTP exchange that got a response (401 challenges, token requests and
/// retries included), by method, and the bytes of request/response bodies as declared by Content-Length.
/// Thread-safe; tests and the benchmark assert on it.
/// </summary>
public sealed class RegistryRequestStatistics
{
    private readonly ConcurrentDictionary<string, long> _byMethod = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Version, long> _byVersion = new();
    private long _requests;
    private long _bytesSent;
    private long _bytesReceived;
    private long _connectionFailures;

    /// <summary>Exchanges that got an HTTP response.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Attempts that failed before a response (refused, TLS failure, reset); e.g. the https probe of a plain-http registry.</summary>
    public long ConnectionFailures => Interlocked.Read(ref _connectionFailures);

    public IReadOnlyDictionary<string, long> RequestsByMethod => new Dictionary<string, long>(_byMethod, StringComparer.OrdinalIgnoreCase);

    public long CountOf(HttpMethod method) => _byMethod.TryGetValue(method.Method, out var count) ? count : 0;

    /// <summary>Responses received over this HTTP version (e.g. 2.0 where the registry offers HTTP/2 on TLS).</summary>
    public long CountOf(Version httpVersion) => _byVersion.TryGetValue(httpVersion, out var count) ? count : 0;

    public void Reset()
    {
        _byMethod.Clear();
        _byVersion.Clear();
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _bytesSent, 0);
        Interlocked.Exchange(ref _bytesReceived, 0);
        Interlocked.Exchange(ref _connectionFailures, 0);
    }

    public override string ToString() =>
        $"{Requests} requests ({string.Join(", ", _byMethod.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}), " +
        $"{BytesSent} bytes sent, {BytesReceived} bytes received, {ConnectionFailures} connection failures";

    internal void RecordResponse(HttpMethod method, Version httpVersion, long bytesSent, long bytesReceived)
    {
        _byVersion.AddOrUpdate(httpVersion, 1, (_, count) => count + 1);
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytesSent, bytesSent);
        Interlocked.Add(ref _bytesReceived, bytesReceived);
        _byMethod.AddOrUpdate(method.Method, 1, (_, count) => count + 1);
    }

    internal void RecordConnectionFailure() => Interlocked.Increment(ref _connectionFailures);
}
