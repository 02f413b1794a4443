namespace SignPath.Docker.Build.Registry.Http;

/// <summary>
/// What the retry lines call the server behind a registry pipeline request: the pipeline carries registry API
/// requests (/v2/…) and Notary's TUF requests (/v2/&lt;gun&gt;/_trust/tuf/…). Token requests have a retry handler of
/// their own that names its server, since a realm may live under /v2/ too.
/// </summary>
internal static class RegistryServerKind
{
    public static string Of(Uri? url) => url?.AbsolutePath switch
    {
        null => "registry",
        var path when path.Contains("/_trust/tuf/", StringComparison.Ordinal) => "Notary server",
        _ => "registry",
    };
}
