using System.Collections.Concurrent;
using System.Text;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Registry.Credentials;

/// <summary>
/// Looks for credentials the way the .NET SDK's container support does for the registry it pushes to, first match
/// wins: explicit credentials from the options; DOTNET_CONTAINER_PUSH_REGISTRY_UNAME/PWORD, then
/// DOTNET_CONTAINER_REGISTRY_UNAME/PWORD, then the older SDK_CONTAINER_REGISTRY_* (the SDK's push order; the package
/// only ever writes to and reads from that registry, so its DOTNET_CONTAINER_PULL_REGISTRY_* for the base image do
/// not apply); REGISTRY_AUTH (base64 "user:pass"); docker config (credHelpers, auths, credsStore).
/// Results are cached per registry so a credential helper runs at most once per client.
/// </summary>
internal sealed class RegistryCredentialResolver : IRegistryCredentialProvider
{
    private readonly IReadOnlyDictionary<string, RegistryCredentials> _explicit;
    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly IProgressLog _log;
    private readonly ConcurrentDictionary<string, Task<RegistryCredentials?>> _cache = new(StringComparer.OrdinalIgnoreCase);

    public RegistryCredentialResolver(
        IReadOnlyDictionary<string, RegistryCredentials> explicitCredentials,
        Func<string, string?> getEnvironmentVariable,
        IProgressLog? log = null)
    {
        _explicit = explicitCredentials;
        _getEnvironmentVariable = getEnvironmentVariable;
        _log = log ?? NullProgressLog.Instance;
    }

    public static RegistryCredentialResolver FromOptions(RegistryClientOptions options, IProgressLog? log = null) =>
        new(options.Credentials, options.GetEnvironmentVariable, log);

    public async Task<RegistryCredentials?> GetCredentialsAsync(string registry, CancellationToken cancellationToken)
    {
        var lookup = _cache.GetOrAdd(registry, r => ResolveAsync(r, cancellationToken));
        try
        {
            return await lookup;
        }
        catch
        {
            // A failed or canceled lookup must not stick: the next call tries again.
            _cache.TryRemove(KeyValuePair.Create(registry, lookup));
            throw;
        }
    }

    private async Task<RegistryCredentials?> ResolveAsync(string registry, CancellationToken cancellationToken)
    {
        foreach (var alias in DockerHubAliases.KeysFor(registry))
        {
            if (_explicit.TryGetValue(alias, out var configured))
            {
                _log.Detail($"Using credentials from the build configuration for {registry}.");
                return configured.Source is null ? configured with { Source = "the build's registry credentials" } : configured;
            }
        }

        var fromEnvironment = FromUserNameAndPassword("DOTNET_CONTAINER_PUSH_REGISTRY_UNAME", "DOTNET_CONTAINER_PUSH_REGISTRY_PWORD")
            ?? FromUserNameAndPassword("DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD")
            ?? FromUserNameAndPassword("SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD")
            ?? FromRegistryAuth();
        if (fromEnvironment is not null)
        {
            return fromEnvironment;
        }

        var dockerConfig = DockerConfigFile.Load(_getEnvironmentVariable);
        if (dockerConfig is null)
        {
            return null;
        }

        var found = await dockerConfig.GetCredentialsAsync(registry, cancellationToken);
        if (found is not null)
        {
            _log.Detail($"Using credentials for {registry} from {dockerConfig.Path}.");
        }

        return found;
    }

    private RegistryCredentials? FromUserNameAndPassword(string userVariable, string passwordVariable)
    {
        var user = _getEnvironmentVariable(userVariable);
        var password = _getEnvironmentVariable(passwordVariable);
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        _log.Detail($"Using registry credentials from {userVariable}/{passwordVariable}.");
        return RegistryCredentials.WithPassword(user, password) with { Source = $"{userVariable}/{passwordVariable}" };
    }

    private RegistryCredentials? FromRegistryAuth()
    {
        var value = _getEnvironmentVariable("REGISTRY_AUTH");
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parsed = DecodeBasicAuth(value.Trim())
            ?? throw new SignPathDockerException(
                ErrorCodes.RegistryUnauthorized,
                "REGISTRY_AUTH is set but is not base64 of \"user:password\".",
                "Set REGISTRY_AUTH to the output of: printf 'user:password' | base64 -w0");
        _log.Detail("Using registry credentials from REGISTRY_AUTH.");
        return parsed with { Source = "REGISTRY_AUTH" };
    }

    /// <summary>Decodes base64 "user:password" as docker config's "auth" field and REGISTRY_AUTH hold it.</summary>
    internal static RegistryCredentials? DecodeBasicAuth(string base64)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 ? null : RegistryCredentials.WithPassword(text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
