using SignPath.Docker.Build.Crypto;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.Signing;

/// <summary>The clients one task run shares: one HttpClient per server, and the key every signature is checked with.</summary>
internal sealed class SigningServices : IDisposable
{
    private readonly RegistryClient registry;
    private readonly SignPathArtifactSigningService artifactSigning;

    private SigningServices(RegistryClient registry, SignPathArtifactSigningService artifactSigning, SigningKeySource keys)
    {
        this.registry = registry;
        this.artifactSigning = artifactSigning;
        Keys = keys;
    }

    public IRegistryClient Registry => registry;

    public RegistryRequestStatistics RegistryStatistics => registry.Statistics;

    public IArtifactSigningService ArtifactSigning => artifactSigning;

    /// <summary>The pinned key, or the signing policy's from SignPath (one GET per build at most).</summary>
    public SigningKeySource Keys { get; }

    /// <param name="pinnedKey">CosignPublicKey when set; owned by the services from here on.</param>
    public static SigningServices Create(SignPathSettings signPath, string? insecureRegistries, VerificationKey? pinnedKey, IProgressLog log)
    {
        ArgumentNullException.ThrowIfNull(signPath);
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
            new SignPathArtifactSigningService(client, signPath.ProjectSlug, signPath.SigningPolicySlug, signPath.Origin.Origin, signPath.Parameters),
            SigningKeySource.Create(pinnedKey, new SigningPolicyKeyClient(client, signPath.ProjectSlug, signPath.SigningPolicySlug, log)));
    }

    public void Dispose()
    {
        registry.Dispose();
        artifactSigning.Dispose();
        Keys.Dispose();
    }
}
