namespace SignPath.Docker.Build.Registry.Http;

/// <summary>
/// Token scopes as the distribution token spec writes them (https://distribution.github.io/distribution/spec/auth/scope/):
/// "repository:&lt;name&gt;:pull" for reads, "repository:&lt;name&gt;:pull,push" for writes, plus pull on the source of a
/// cross-repository mount. The registry client states the scope of each request (<see cref="RegistryRequestOptions.Scope"/>);
/// reading it off the URL is the fallback for requests that do not (the Notary client's).
/// </summary>
internal static class RegistryScope
{
    private static readonly string[] NameTerminators = ["/manifests/", "/blobs/", "/tags/", "/_trust/", "/referrers/"];

    /// <summary>The scope for <paramref name="repository"/>, with pull on <paramref name="mountFrom"/> for a mount.</summary>
    public static string For(string repository, bool push, string? mountFrom = null)
    {
        var scope = $"repository:{repository}:{(push ? "pull,push" : "pull")}";
        return mountFrom is null || mountFrom == repository ? scope : $"{scope} repository:{mountFrom}:pull";
    }

    /// <summary>The caller's scope when it set one, else the one the URL suggests; null for URLs outside a repository.</summary>
    public static string? Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(RegistryRequestOptions.Scope, out var scope) ? scope : FromUrl(request);

    /// <summary>Both scopes' entries, <paramref name="first"/>'s first, each once.</summary>
    public static string? Merge(string? first, string? second)
    {
        if (string.IsNullOrEmpty(first) || string.IsNullOrEmpty(second))
        {
            return string.IsNullOrEmpty(first) ? second : first;
        }

        var entries = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        entries.AddRange(second.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(e => !entries.Contains(e, StringComparer.Ordinal)));
        return string.Join(' ', entries);
    }

    internal static string? FromUrl(HttpRequestMessage request)
    {
        var uri = request.RequestUri;
        if (uri is null)
        {
            return null;
        }

        var path = uri.AbsolutePath;
        if (!path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path[4..];
        var end = NameTerminators.Select(t => rest.LastIndexOf(t, StringComparison.Ordinal)).Where(i => i > 0).DefaultIfEmpty(-1).Max();
        if (end <= 0)
        {
            return null;
        }

        var name = rest[..end];
        var write = request.Method != HttpMethod.Get && request.Method != HttpMethod.Head;
        return For(name, write, QueryValue(uri, "from"));
    }

    private static string? QueryValue(Uri uri, string name)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals] == name)
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return null;
    }
}
