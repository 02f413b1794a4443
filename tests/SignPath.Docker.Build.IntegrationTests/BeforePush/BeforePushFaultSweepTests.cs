using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.IntegrationTests.Faults;
using SignPath.Docker.Build.IntegrationTests.Publish;
using SignPath.Docker.Build.IntegrationTests.Registry;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.SignPath;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.BeforePush;

/// <summary>
/// The before-push flow (core library, real LocalSigner, real docker-registry behind <see cref="FaultProxy"/>) with one
/// fault at every registry request position of a clean run, each kind. Every run pushes into a fresh repository; after
/// each, either the tag is absent (and the run failed with an SPD error) or it points at an image whose Notation
/// signature and cosign bundle are both in the registry and listed in its referrers index.
/// </summary>
[Collection(RegistryRigDefinition.Name)]
public sealed class BeforePushFaultSweepTests(RegistryRig rig, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly FaultKind[] Kinds = Enum.GetValues<FaultKind>();

    private readonly string directory = Directory.CreateTempSubdirectory("spd-sweep-").FullName;
    private LocalSignerProcess? signer;
    private FaultProxy? proxy;

    public async Task InitializeAsync()
    {
        signer = await LocalSignerProcess.StartAsync();
        proxy = await FaultProxy.StartAsync(new Uri($"http://{rig.Anonymous}/"));
        proxy.StallFor = TimeSpan.FromSeconds(20);
    }

    public async Task DisposeAsync()
    {
        if (proxy is not null)
        {
            await proxy.DisposeAsync();
        }

        if (signer is not null)
        {
            await signer.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task EveryRequestPositionHoldsUnderEveryFault()
    {
        var layout = TestLayout.Write(directory, 4096, "1.0");
        using var log = new ReaderHttp(rig.Anonymous);
        using var service = new SignPathArtifactSigningService(new SignPathClient(signer!.CreateClientOptions(), new CollectingProgressLog()), signer.ProjectSlug, signer.SigningPolicySlug);
        var signing = new SignOnce(service);

        var cleanRepository = NewRepository();
        proxy!.Reset();
        Assert.Null(await PushAsync(layout, cleanRepository, signing));
        var baseline = proxy.Requests;
        output.WriteLine($"clean run: {baseline.Count} registry requests");
        foreach (var request in baseline)
        {
            output.WriteLine("  " + request);
        }

        Assert.True(await log.IsSignedAsync(cleanRepository, "1.0"));
        var report = new FaultSweepReport("before-push") { Positions = baseline.Count, Kinds = Kinds };
        foreach (var position in baseline)
        {
            foreach (var kind in Kinds.Where(k => k != FaultKind.TruncatedBody || (position.Method != "HEAD" && position.ResponseBodyBytes >= 2)))
            {
                var repository = NewRepository();
                proxy.Reset(new FaultRule(kind, position.Ordinal));
                var failure = await PushAsync(layout, repository, signing);
                var tagged = await log.DigestOfAsync(repository, "1.0") is not null;
                var signed = tagged && await log.IsSignedAsync(repository, "1.0");
                var (outcome, held) = (proxy.Fired, failure, tagged, signed) switch
                {
                    (false, _, _, _) => ("fault never fired", false),
                    (_, _, true, false) => ("a tag points at an image without both signatures", false),
                    (_, null, true, true) => ("ok", true),
                    (_, null, false, _) => ("succeeded without the tag", false),
                    (_, SignPathDockerException spd, false, _) => (spd.Code, true),
                    (_, SignPathDockerException spd, true, true) => ($"{spd.Code} after the tag was set (signed)", true),
                    _ => ($"unclear error {failure!.GetType().Name}: {failure.Message}", false),
                };
                report.Add(position.Ordinal, $"{position.Method} {position.Shape}", kind, outcome, held);
                output.WriteLine($"#{position.Ordinal} {position.Method} {position.Shape} {kind}: {outcome}{(held ? string.Empty : " — VIOLATION")}");
            }
        }

        report.Write();
        output.WriteLine(report.Table());
        output.WriteLine("fault injection: " + report.SummaryLine());
        Assert.True(report.AllHeld, string.Join("\n", report.Violations));
    }

    private static string NewRepository() => "faults/before-push-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>One run of the flow; returns the failure, or null on success.</summary>
    private async Task<Exception?> PushAsync(string layout, string repository, IArtifactSigningService signing)
    {
        var log = new CollectingProgressLog();
        using var registry = new RegistryClient(FaultSweep.RegistryOptions(), log);
        return await FaultSweep.OutcomeAsync(cancellationToken => new BeforePushSigningFlow(registry, signing, log).SignAndPushAsync(
            [new LayoutInput(layout, new RepositoryReference(proxy!.Authority, repository), null)],
            new BeforePushSigningOptions([SignatureFormatList.Notation, SignatureFormatList.Cosign], BeforePushSigning.ArtifactConfigurationSlug, "fault sweep", null),
            cancellationToken));
    }

    /// <summary>The sweep is about the registry: the layout is signed once by the real service and the answer reused.</summary>
    private sealed class SignOnce(IArtifactSigningService inner) : IArtifactSigningService
    {
        private byte[]? signed;

        public async Task<byte[]> SignAsync(ArtifactSigningRequest request, CancellationToken cancellationToken) =>
            signed ??= await inner.SignAsync(request, cancellationToken);
    }

    /// <summary>Reads the registry directly (not through the proxy, not with our client).</summary>
    private sealed class ReaderHttp(string registry) : IDisposable
    {
        private readonly IndependentRegistryReader reader = new(registry);

        public Task<string?> DigestOfAsync(string repository, string tag) => reader.DigestOfAsync(repository, tag);

        public async Task<bool> IsSignedAsync(string repository, string tag)
        {
            var digest = await reader.DigestOfAsync(repository, tag);
            if (digest is null)
            {
                return false;
            }

            var signatures = await BeforePushSigning.SignaturesAsync(reader, repository, digest);
            return signatures.Any(s => s.ArtifactType == BeforePushSigning.NotationArtifactType) &&
                signatures.Any(s => s.ArtifactType == BeforePushSigning.BundleArtifactType);
        }

        public void Dispose() => reader.Dispose();
    }
}
