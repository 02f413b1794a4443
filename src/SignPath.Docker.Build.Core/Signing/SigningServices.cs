using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.Signing;

/// <summary>The clients one task run shares: one HttpClient per server, disposed together.</summary>
public sealed class SigningServices : IDisposable
{
    private readonly RegistryClient registry;
    private readonly SignPathArtifactSigningService artifactSigning;

    private SigningServices(RegistryClient registry, SignPathArtifactSigningService artifactSigning)
    {
        this.registry = registry;
        this.artifactSigning = artifactSigning;
    }

    public IRegistryClient Registry => registry;

    public RegistryRequestStatistics RegistryStatistics => registry.Statistics;

    public IArtifactSigningService ArtifactSigning => artifactSigning;

    public static SigningServices Create(SignPathSettings signPath, string? insecureRegistries, IProgressLog log)
    {
        var client = new SignPathClient(
            new SignPathClientOptions
            {
                ApiUrl = signPath.ApiUrl,
                OrganizationId = signPath.OrganizationId,
                ApiToken = signPath.ApiToken,
                WaitForCompletionTimeout = signPath.WaitForCompletionTimeout,
                ProgressInterval = signPath.ProgressInterval,
                ServiceUnavailableTimeout = signPath.ServiceUnavailableTimeout,
            },
            log);
        return new SigningServices(
            RegistryClients.Create(insecureRegistries, log),
            new SignPathArtifactSigningService(client, signPath.ProjectSlug, signPath.SigningPolicySlug, signPath.Origin.Origin, signPath.Parameters));
    }

    public void Dispose()
    {
        registry.Dispose();
        artifactSigning.Dispose();
    }
}
