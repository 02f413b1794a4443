namespace SignPath.Docker.Build.Registry.Credentials;

/// <summary>
/// A user name with a password, or an identity (refresh) token as `docker login` stores for some registries.
/// ToString never shows the secret, so the record is safe to log by accident.
/// </summary>
public sealed record RegistryCredentials(string Username, string? Password, string? IdentityToken = null)
{
    public static RegistryCredentials WithPassword(string username, string password) => new(username, password);

    public static RegistryCredentials WithIdentityToken(string identityToken) => new("<token>", null, identityToken);

    public bool HasIdentityToken => !string.IsNullOrEmpty(IdentityToken);

    /// <summary>Where the credentials were found (e.g. an environment variable pair or a docker config file), for error messages.</summary>
    public string? Source { get; init; }

    public override string ToString() => $"RegistryCredentials {{ Username = {Username}, Secret = *** }}";
}
