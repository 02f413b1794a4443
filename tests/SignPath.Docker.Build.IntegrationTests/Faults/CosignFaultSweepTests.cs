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
    // Oversized answers are the token-service sweep's concern (TokenServiceFaultTests); registry bodies have caps of their own.
    private static readonly FaultKind[] Kinds = [.. Enum.GetValues<FaultKind>().Where(k => k != FaultKind.OversizedBody)];

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

    internal static (string Outcome, bool Held) Judge(bool fired, Exception? failure, CosignSignatureState before, CosignSignatureState after, IReadOnlyList<string> problems)
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

    private Task<Exception?> SignAsync(string repository, string imageDigest, int run) =>
        CosignSigningRun.SignAsync(_signer!, new RepositoryReference(_proxy!.Authority, repository), imageDigest, run);

    private static async Task<string> PushImageAsync(RepositoryReference repository)
    {
        using var client = new RegistryClient();
        return await TestImages.PushTaggedAsync(client, repository, "1.0");
    }
}
