namespace SignPath.Docker.Build.Registry.Http;

/// <summary>
/// The token scope a request needs, derived from its URL: "repository:&lt;name&gt;:pull" for reads,
/// "repository:&lt;name&gt;:pull,push" for writes, plus pull on the source of a cross-repository mount.
/// </summary>
internal static class RegistryScope
{
    private static readonly string[] NameTerminators = ["/manifests/", "/blobs/", "/tags/", "/_trust/", "/referrers/"];

    public static string? FromRequest(HttpRequestMessage request)
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
        var scope = $"repository:{name}:{(write ? "pull,push" : "pull")}";
        var from = QueryValue(uri, "from");
        return from is null || from == name ? scope : $"{scope} repository:{from}:pull";
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
