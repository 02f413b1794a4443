namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>One request that went through <see cref="FaultProxy"/>, with what the upstream (or the fault) answered.</summary>
public sealed record ProxiedRequest(int Ordinal, string Method, string PathAndQuery, int Status, long ResponseBodyBytes, FaultKind? Fault)
{
    /// <summary>Bytes of the request body the proxy forwarded (0 when a fault answered instead).</summary>
    public long RequestBodyBytes { get; init; }

    /// <summary>The client's User-Agent, which tells the .NET SDK's requests from the package's in one build.</summary>
    public string UserAgent { get; init; } = string.Empty;

    /// <summary>For a token request: the scopes it asked for (every <c>scope</c> query parameter), space-separated.</summary>
    public string Scope =>
        Uri.UnescapeDataString(string.Join(' ', PathAndQuery.Split('?').Skip(1).SelectMany(q => q.Split('&')).Where(p => p.StartsWith("scope=", StringComparison.Ordinal)).Select(p => p[6..])));

    /// <summary>The path with upload session ids and digests shortened, for readable reports.</summary>
    public string Shape =>
        System.Text.RegularExpressions.Regex.Replace(
            PathAndQuery.Split('?')[0],
            "(sha256[:-][0-9a-f]{8}|\\.[0-9a-f]{8})[0-9a-f]{56}|uploads/[0-9a-f-]{36}",
            m => m.Value.StartsWith("uploads/", StringComparison.Ordinal) ? "uploads/<id>" : m.Groups[1].Value + "…",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));

    public override string ToString() => $"#{Ordinal} {Method} {Shape} → {Status}{(Fault is null ? string.Empty : $" [{Fault}]")}";
}
