namespace SignPath.Docker.Build.Registry.Http;

/// <summary>
/// What the retry lines call the server behind a registry pipeline request: the pipeline carries registry API
/// requests (/v2/…), Notary's TUF requests (/v2/&lt;gun&gt;/_trust/tuf/…) and token requests to the realm a
/// challenge named.
/// </summary>
internal static class RegistryServerKind
{
    public static string Of(Uri? url) => url?.AbsolutePath switch
    {
        null => "registry",
        var path when path.Contains("/_trust/tuf/", StringComparison.Ordinal) => "Notary server",
        var path when path.StartsWith("/v2/", StringComparison.Ordinal) => "registry",
        _ => "token service",
    };
}
