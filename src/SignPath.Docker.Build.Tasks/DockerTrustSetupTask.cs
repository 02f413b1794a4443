using Microsoft.Build.Framework;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Pkcs11;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// What the Docker Content Trust setup tasks share: the repository (GUN), the Notary server and the
/// PKCS#11 token holding the root key. The PIN comes only from an environment variable, never a property.
/// </summary>
public abstract class DockerTrustSetupTask : NotaryTask
{
    public const string DefaultPinVariable = "PKCS11_PIN";

    public string? ContainerRegistry { get; set; }

    public string? ContainerRepository { get; set; }

    /// <summary>registry/repository[:tag]; the tag is ignored. Wins over ContainerRegistry/ContainerRepository.</summary>
    public string? ContainerImageReference { get; set; }

    public string? Pkcs11Library { get; set; }

    public string? Pkcs11TokenLabel { get; set; }

    public string? Pkcs11TokenSerial { get; set; }

    /// <summary>Name of the environment variable holding the user PIN (default PKCS11_PIN).</summary>
    public string? Pkcs11PinVariable { get; set; }

    /// <summary>The Notary GUN (registry/repository) the task works on.</summary>
    [Output]
    public string? Gun { get; private set; }

    internal string ResolveGun()
    {
        if (!string.IsNullOrWhiteSpace(ContainerImageReference))
        {
            Gun = ImageReference.Parse(ContainerImageReference).RepositoryReference.ToString();
        }
        else if (!string.IsNullOrWhiteSpace(ContainerRegistry) && !string.IsNullOrWhiteSpace(ContainerRepository))
        {
            Gun = ImageReference.Parse($"{ContainerRegistry.Trim()}/{ContainerRepository.Trim()}").RepositoryReference.ToString();
        }
        else
        {
            throw new SignPathDockerException(
                ErrorCodes.MissingNotaryRepository,
                "No repository was named.",
                "Set ContainerRegistry and ContainerRepository, or ContainerImageReference (e.g. registry.example.com/my/app).");
        }

        return Gun;
    }

    protected bool HasToken => !string.IsNullOrWhiteSpace(Pkcs11Library) || !string.IsNullOrWhiteSpace(Pkcs11TokenLabel) || !string.IsNullOrWhiteSpace(Pkcs11TokenSerial);

    internal Pkcs11KeyStore OpenToken(IProgressLog log, CancellationToken cancellationToken)
    {
        var variable = string.IsNullOrWhiteSpace(Pkcs11PinVariable) ? DefaultPinVariable : Pkcs11PinVariable.Trim();
        return Pkcs11KeyStore.Open(
            new Pkcs11StoreOptions
            {
                ModulePath = Pkcs11Library?.Trim() ?? string.Empty,
                TokenLabel = NullIfEmpty(Pkcs11TokenLabel),
                TokenSerial = NullIfEmpty(Pkcs11TokenSerial),
                Pin = Environment.GetEnvironmentVariable(variable) ?? string.Empty,
            },
            log,
            cancellationToken);
    }

    protected static async Task WritePemAsync(string path, string pem, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, pem, cancellationToken);
    }

    protected static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
