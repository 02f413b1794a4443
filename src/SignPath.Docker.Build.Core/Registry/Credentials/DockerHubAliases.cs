namespace SignPath.Docker.Build.Registry.Credentials;

/// <summary>Docker Hub goes by several names; `docker login` stores it as https://index.docker.io/v1/.</summary>
internal static class DockerHubAliases
{
    public const string ConfigKey = "https://index.docker.io/v1/";

    private static readonly string[] Names = ["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"];

    public static bool IsDockerHub(string registry) =>
        Names.Contains(Normalize(registry), StringComparer.OrdinalIgnoreCase);

    /// <summary>The keys a registry may be stored under, most specific first.</summary>
    public static IEnumerable<string> KeysFor(string registry)
    {
        yield return registry;
        if (IsDockerHub(registry))
        {
            yield return ConfigKey;
            foreach (var name in Names)
            {
                yield return name;
            }
        }
    }

    /// <summary>"https://host:port/v1/" → "host:port", as docker compares auths keys.</summary>
    public static string Normalize(string key)
    {
        var value = key.Trim();
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            value = value[(scheme + 3)..];
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? value[..slash] : value;
    }

    /// <summary>What a credential helper expects on stdin for <paramref name="registry"/>.</summary>
    public static string HelperServerUrl(string registry) => IsDockerHub(registry) ? ConfigKey : registry;
}
