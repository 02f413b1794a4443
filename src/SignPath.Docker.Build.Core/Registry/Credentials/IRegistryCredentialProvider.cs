namespace SignPath.Docker.Build.Registry.Credentials;

/// <summary>Finds credentials for a registry host. Null means "try anonymously".</summary>
public interface IRegistryCredentialProvider
{
    Task<RegistryCredentials?> GetCredentialsAsync(string registry, CancellationToken cancellationToken);
}
