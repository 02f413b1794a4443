using System.Security.Cryptography;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.IntegrationTests.Registry;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.SignPath;
using Xunit;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>
/// The cosign flow (core library, real LocalSigner) through <see cref="FaultProxy"/> in front of the real
/// docker-registry, with one fault at every request position of a clean run. After each: either it succeeded
/// and every signature (earlier ones and the new one) verifies independently, or it failed with an SPD error
/// and the .sig manifest is byte-for-byte what it was.
/// </summary>
[Collection(RegistryRigDefinition.Name)]
public sealed class CosignFaultSweepTests(RegistryRig rig, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly FaultKind[] Kinds = Enum.GetValues<FaultKind>();

    private LocalSignerProcess? _signer;
    private FaultProxy? _proxy;

    public async Task InitializeAsync()
    {
        _signer = await LocalSignerProcess.StartAsync();
        _proxy = await FaultProxy.StartAsync(new Uri($"http://{rig.Anonymous}/"));
        _proxy.StallFor = TimeSpan.FromSeconds(20);
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_signer is not null)
        {
            await _signer.DisposeAsync();
        }
    }

    [Fact]
    public async Task EveryRequestPositionHoldsUnderEveryFault()
    {
        var signer = _signer!;
        var proxy = _proxy!;
        var repository = "faults/cosign-" + Guid.NewGuid().ToString("N")[..8];
        var imageDigest = await PushImageAsync(new RepositoryReference(rig.Anonymous, repository));
        using var http = new HttpClient();
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(await File.ReadAllTextAsync(signer.CosignPublicKeyPath));

        proxy.Reset();
        var clean = await SignAsync(repository, imageDigest, run: 0);
        Assert.Null(clean);
        var baseline = proxy.Requests;
        output.WriteLine($"clean run: {baseline.Count} registry requests");
        foreach (var request in baseline)
        {
            output.WriteLine("  " + request);
        }

        var report = new FaultSweepReport("cosign") { Positions = baseline.Count, Kinds = Kinds };
        var run = 0;
        foreach (var position in baseline)
        {
            foreach (var kind in Kinds.Where(k => IsSensible(k, position)))
            {
                run++;
                var before = await CosignSignatureState.ReadAsync(http, rig.Anonymous, repository, imageDigest);
                proxy.Reset(new FaultRule(kind, position.Ordinal));
                var failure = await SignAsync(repository, imageDigest, run);
                var after = await CosignSignatureState.ReadAsync(http, rig.Anonymous, repository, imageDigest);
                var problems = await after.VerifyAsync(http, rig.Anonymous, repository, imageDigest, publicKey);
                var (outcome, held) = Judge(proxy.Fired, failure, before, after, problems);
                report.Add(position.Ordinal, $"{position.Method} {position.Shape}", kind, outcome, held);
                output.WriteLine($"#{position.Ordinal} {position.Method} {position.Shape} {kind}: {outcome}{(held ? string.Empty : " — VIOLATION")} ({proxy.Requests.Count} requests)");
            }
        }

        report.Write();
        output.WriteLine(report.Table());
        output.WriteLine("fault injection: " + report.SummaryLine());
        Assert.True(report.AllHeld, string.Join("\n", report.Violations));
        Assert.Equal(baseline.Count, report.Positions);
    }

    private static bool IsSensible(FaultKind kind, ProxiedRequest request) =>
        kind != FaultKind.TruncatedBody || (request.Method != "HEAD" && request.ResponseBodyBytes >= 2);

    private static (string Outcome, bool Held) Judge(bool fired, Exception? failure, CosignSignatureState before, CosignSignatureState after, IReadOnlyList<string> problems)
    {
        if (!fired)
        {
            return ("fault never fired", false);
        }

        if (problems.Count > 0)
        {
            return ("registry holds a bad signature: " + string.Join("; ", problems), false);
        }

        if (failure is null)
        {
            var added = after.Keeps(before) && after.Layers.Count == before.Layers.Count + 1;
            return (added ? "ok" : $"succeeded but {before.Layers.Count}→{after.Layers.Count} signatures", added);
        }

        if (failure is not SignPathDockerException spd)
        {
            return ($"unclear error {failure.GetType().Name}: {failure.Message}", false);
        }

        if (after.ManifestDigest == before.ManifestDigest)
        {
            return (spd.Code, true);
        }

        // The response to our manifest PUT was lost and the error reported; the signature is complete and verified.
        var complete = after.Keeps(before) && after.Layers.Count == before.Layers.Count + 1;
        return ($"{spd.Code} but the signature was attached", complete);
    }

    /// <summary>One signing run; returns the failure, or null on success.</summary>
    private async Task<Exception?> SignAsync(string repository, string imageDigest, int run)
    {
        var signer = _signer!;
        var log = new CollectingProgressLog();
        using var registry = new RegistryClient(
            new RegistryClientOptions
            {
                RequestTimeout = TimeSpan.FromSeconds(2),
                InitialRetryDelay = TimeSpan.FromMilliseconds(50),
                MaxRetryDelay = TimeSpan.FromMilliseconds(200),
                RetryBudget = TimeSpan.FromSeconds(3),
            },
            log);
        var signPath = new SignPathClient(signer.CreateClientOptions(), log);
        using var service = new SignPathArtifactSigningService(signPath, signer.ProjectSlug, signer.SigningPolicySlug);
        using var keys = SigningKeySource.Create(null, new SigningPolicyKeyClient(signPath, signer.ProjectSlug, signer.SigningPolicySlug, log));
        var flow = new CosignSigningFlow(registry, service, keys, log);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await flow.SignAsync(
                [new ImageToSign(new RepositoryReference(_proxy!.Authority, repository), imageDigest, ["1.0"])],
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

    private static async Task<string> PushImageAsync(RepositoryReference repository)
    {
        using var client = new RegistryClient();
        return await TestImages.PushTaggedAsync(client, repository, "1.0");
    }
}
