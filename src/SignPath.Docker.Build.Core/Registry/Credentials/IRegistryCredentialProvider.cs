namespace SignPath.Docker.Build.Registry.Credentials;

/// <summary>Finds credentials for a registry host. Null means "try anonymously".</summary>
internal interface IRegistryCredentialProvider
{
    Task<RegistryCredentials?> GetCredentialsAsync(string registry, CancellationToken cancellationToken);
}
