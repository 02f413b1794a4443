using System.Net;

namespace SignPath.Docker.Build.Registry;

/// <summary>
/// Decides which registries may be spoken to over plain HTTP: loopback (localhost, 127.0.0.0/8, [::1]) as the
/// .NET SDK allows, plus registries listed in DOTNET_CONTAINER_INSECURE_REGISTRIES or the options.
/// Everything else is HTTPS only.
/// </summary>
internal sealed class InsecureRegistryPolicy
{
    public const string EnvironmentVariable = "DOTNET_CONTAINER_INSECURE_REGISTRIES";

    private readonly HashSet<string> _insecure = new(StringComparer.OrdinalIgnoreCase);

    public InsecureRegistryPolicy(IEnumerable<string> insecureRegistries, string? environmentValue)
    {
        foreach (var entry in insecureRegistries.Concat((environmentValue ?? string.Empty).Split([',', ';'])))
        {
            var trimmed = entry.Trim();
            if (trimmed.Length > 0)
            {
                _insecure.Add(trimmed);
            }
        }
    }

    public static InsecureRegistryPolicy FromOptions(RegistryClientOptions options) =>
        new(options.InsecureRegistries, options.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>True when <paramref name="authority"/> ("host" or "host:port") may use plain HTTP.</summary>
    public bool AllowsHttp(string authority)
    {
        if (IsLoopback(authority) || _insecure.Contains(authority))
        {
            return true;
        }

        var host = HostOf(authority);
        return !string.Equals(host, authority, StringComparison.Ordinal) && _insecure.Contains(host);
    }

    public bool AllowsHttp(Uri uri) => AllowsHttp(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}") || AllowsHttp(uri.Authority);

    public static bool IsLoopback(string authority)
    {
        var host = HostOf(authority);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>The host without port; keeps IPv6 brackets' content intact.</summary>
    internal static string HostOf(string authority)
    {
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? authority[..(close + 1)] : authority;
        }

        var colon = authority.LastIndexOf(':');
        return colon > 0 ? authority[..colon] : authority;
    }
}
