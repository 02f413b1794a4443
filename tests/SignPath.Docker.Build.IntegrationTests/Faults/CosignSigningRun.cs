using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>One cosign signing run of the core library against the real LocalSigner, with short timeouts and retries, as the fault sweeps use it.</summary>
internal static class CosignSigningRun
{
    /// <summary>Signs <paramref name="image"/> (tag 1.0) with a fresh registry client; returns the failure, or null on success.</summary>
    public static async Task<Exception?> SignAsync(LocalSignerProcess signer, RepositoryReference image, string imageDigest, int run, RegistryClientOptions? options = null)
    {
        var log = new CollectingProgressLog();
        using var registry = new RegistryClient(options ?? FaultSweep.RegistryOptions(), log);
        var signPath = new SignPathClient(signer.CreateClientOptions(), log);
        using var service = new SignPathArtifactSigningService(signPath, signer.ProjectSlug, signer.SigningPolicySlug);
        using var keys = SigningKeySource.Create(null, new SigningPolicyKeyClient(signPath, signer.ProjectSlug, signer.SigningPolicySlug, log));
        var flow = new CosignSigningFlow(registry, service, keys, log);
        return await FaultSweep.OutcomeAsync(cancellationToken => flow.SignAsync(
            [new ImageToSign(image, imageDigest, ["1.0"])],
            new CosignSigningOptions(signer.CosignArtifactConfigurationSlug, Annotations: new Dictionary<string, string> { ["run"] = run.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            cancellationToken));
    }
}
