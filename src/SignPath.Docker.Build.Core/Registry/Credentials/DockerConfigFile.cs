using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Registry.Credentials;

/// <summary>
/// Credentials from docker's config.json ($DOCKER_CONFIG/config.json, else ~/.docker/config.json), in docker's
/// order: credHelpers[registry], then auths[registry] (auth, username/password or identitytoken), then credsStore.
/// </summary>
internal sealed class DockerConfigFile
{
    private readonly JsonElement _root;
    private readonly Func<string, string?> _getEnvironmentVariable;

    private DockerConfigFile(string path, JsonElement root, Func<string, string?> getEnvironmentVariable)
    {
        Path = path;
        _root = root;
        _getEnvironmentVariable = getEnvironmentVariable;
    }

    public string Path { get; }

    public static DockerConfigFile? Load(Func<string, string?> getEnvironmentVariable)
    {
        var directory = getEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(directory))
        {
            var home = getEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            directory = System.IO.Path.Combine(home, ".docker");
        }

        var path = System.IO.Path.Combine(directory, "config.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return new DockerConfigFile(path, document.RootElement.Clone(), getEnvironmentVariable);
        }
        catch (JsonException ex)
        {
            throw new SignPathDockerException(
                ErrorCodes.RegistryUnauthorized,
                $"The docker config file {path} is not valid JSON: {ex.Message}",
                "Fix or remove the file, or pass credentials with DOTNET_CONTAINER_REGISTRY_UNAME/PWORD.",
                ex);
        }
    }

    public async Task<RegistryCredentials?> GetCredentialsAsync(string registry, CancellationToken cancellationToken)
    {
        if (FindEntry("credHelpers", registry) is { ValueKind: JsonValueKind.String } helper && helper.GetString() is { Length: > 0 } helperName)
        {
            return await FromHelperAsync(helperName, "credHelpers");
        }

        if (FindEntry("auths", registry) is { ValueKind: JsonValueKind.Object } auth && FromAuthEntry(auth) is { } fromAuths)
        {
            return fromAuths with { Source = $"the auths entry in {Path}" };
        }

        if (_root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } storeName)
        {
            return await FromHelperAsync(storeName, "credsStore");
        }

        return null;

        async Task<RegistryCredentials?> FromHelperAsync(string name, string key) =>
            await DockerCredentialHelper.GetAsync(name, DockerHubAliases.HelperServerUrl(registry), _getEnvironmentVariable, cancellationToken) is { } found
                ? found with { Source = $"docker-credential-{name} ({key} in {Path})" }
                : null;
    }

    private JsonElement? FindEntry(string section, string registry)
    {
        if (!_root.TryGetProperty(section, out var entries) || entries.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // Exact keys first, then keys written as URLs ("https://host/v1/") that name the same host.
        foreach (var key in DockerHubAliases.KeysFor(registry))
        {
            if (entries.TryGetProperty(key, out var exact))
            {
                return exact;
            }
        }

        var wanted = DockerHubAliases.KeysFor(registry).Select(DockerHubAliases.Normalize).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var property in entries.EnumerateObject())
        {
            if (wanted.Contains(DockerHubAliases.Normalize(property.Name)))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static RegistryCredentials? FromAuthEntry(JsonElement entry)
    {
        if (GetString(entry, "identitytoken") is { Length: > 0 } identityToken)
        {
            return RegistryCredentials.WithIdentityToken(identityToken);
        }

        if (GetString(entry, "auth") is { Length: > 0 } auth)
        {
            return RegistryCredentialResolver.DecodeBasicAuth(auth);
        }

        if (GetString(entry, "username") is { Length: > 0 } username && GetString(entry, "password") is { } password)
        {
            return RegistryCredentials.WithPassword(username, password);
        }

        return null;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
