using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>One cosign signing run of the core library against the real LocalSigner, with short timeouts and retries, as the fault sweeps use it.</summary>
internal static class CosignSigningRun
{
    /// <summary>Short enough that a sweep of every position stays quick; long enough for one Retry-After: 1.</summary>
    public static RegistryClientOptions Options { get; } = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(2),
        InitialRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        RetryBudget = TimeSpan.FromSeconds(3),
    };

    /// <summary>Signs <paramref name="image"/> (tag 1.0) with a fresh registry client; returns the failure, or null on success.</summary>
    public static async Task<Exception?> SignAsync(LocalSignerProcess signer, RepositoryReference image, string imageDigest, int run, RegistryClientOptions? options = null)
    {
        var log = new CollectingProgressLog();
        using var registry = new RegistryClient(options ?? Options, log);
        var signPath = new SignPathClient(signer.CreateClientOptions(), log);
        using var service = new SignPathArtifactSigningService(signPath, signer.ProjectSlug, signer.SigningPolicySlug);
        using var keys = SigningKeySource.Create(null, new SigningPolicyKeyClient(signPath, signer.ProjectSlug, signer.SigningPolicySlug, log));
        var flow = new CosignSigningFlow(registry, service, keys, log);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await flow.SignAsync(
                [new ImageToSign(image, imageDigest, ["1.0"])],
                new CosignSigningOptions(signer.CosignArtifactConfigurationSlug, Annotations: new Dictionary<string, string> { ["run"] = run.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
                guard.Token);
            return null;
        }
#pragma warning disable CA1031 // Every kind of failure is an outcome to judge.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return exception;
        }
    }
}
