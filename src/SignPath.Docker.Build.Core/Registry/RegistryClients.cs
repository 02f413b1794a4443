using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Registry;

public static class RegistryClients
{
    /// <summary>Credentials and insecure registries come from the environment and docker config, as the .NET SDK reads them.</summary>
    public static RegistryClient Create(string? insecureRegistries, IProgressLog? log = null) => new(
        new RegistryClientOptions
        {
            InsecureRegistries = (insecureRegistries ?? string.Empty)
                .Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        },
        log);
}
