using System.Security.Cryptography;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Registry.Http;
using Xunit;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>
/// The DCT publish (trust data fetch + verification, delegation update, POST) through <see cref="FaultProxy"/>
/// in front of the real notary-server, with one fault at every request position of a clean run. After each:
/// either the new tag is listed by the notary CLI next to every earlier one, or the run failed with an SPD error
/// and the listing and every role's version are what they were.
/// </summary>
public sealed class NotaryFaultSweepTests(HttpNotaryRig rig, ITestOutputHelper output) : IClassFixture<HttpNotaryRig>, IAsyncLifetime
{
    // Oversized answers are the token-service sweep's concern (TokenServiceFaultTests); registry bodies have caps of their own.
    private static readonly FaultKind[] Kinds = [.. Enum.GetValues<FaultKind>().Where(k => k != FaultKind.OversizedBody)];
    private static readonly string[] BothRoles = [TufRoleName.Releases, "targets/signpath"];

    private FaultProxy? _proxy;

    public async Task InitializeAsync()
    {
        _proxy = await FaultProxy.StartAsync(rig.ServerUrl);
        _proxy.StallFor = TimeSpan.FromSeconds(20);
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }

    [Fact]
    public async Task EveryRequestPositionHoldsUnderEveryFault()
    {
        var proxy = _proxy!;
        var gun = "localhost:5000/faults/notary-" + Guid.NewGuid().ToString("N")[..8];
        var trustDirectory = await rig.InitRepositoryAsync(gun);
        var policy = RootTrustPolicy.TrustOnFirstUse(new FileTrustedRootStore(Path.Combine(rig.Directory, "tofu-faults")));
        using var http = new HttpClient();
        using var key = rig.LoadDelegationKey();
        using var certificate = rig.LoadDelegationCertificate();
        var signer = new LocalTufSigner(key, certificate);

        // The first publish creates the delegation roles; later ones also fetch them, so learn from the second.
        Assert.Null(await PublishAsync(gun, policy, signer, run: -1));
        proxy.Reset();
        Assert.Null(await PublishAsync(gun, policy, signer, run: 0));
        var baseline = proxy.Requests;
        output.WriteLine($"clean run: {baseline.Count} notary requests");
        foreach (var request in baseline)
        {
            output.WriteLine("  " + request);
        }

        var report = new FaultSweepReport("notary") { Positions = baseline.Count, Kinds = Kinds };
        var run = 0;
        foreach (var position in baseline)
        {
            foreach (var kind in Kinds.Where(k => k != FaultKind.TruncatedBody || position.ResponseBodyBytes >= 2))
            {
                run++;
                var before = await NotaryState.ReadAsync(rig, http, trustDirectory, gun);
                proxy.Reset(new FaultRule(kind, position.Ordinal));
                var failure = await PublishAsync(gun, policy, signer, run);
                var after = await NotaryState.ReadAsync(rig, http, trustDirectory, gun);
                var (outcome, held) = Judge(proxy.Fired, failure, before, after, run);
                report.Add(position.Ordinal, $"{position.Method} {position.Shape.Replace(gun, "<gun>", StringComparison.Ordinal)}", kind, outcome, held);
                output.WriteLine($"#{position.Ordinal} {position.Method} {position.Shape} {kind}: {outcome}{(held ? string.Empty : " — VIOLATION")} ({proxy.Requests.Count} requests){(failure is null ? string.Empty : " " + failure.Message)}");
            }
        }

        report.Write();
        output.WriteLine(report.Table());
        output.WriteLine("fault injection: " + report.SummaryLine());
        Assert.True(report.AllHeld, string.Join("\n", report.Violations));
    }

    private static byte[] ManifestOf(int run) => System.Text.Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"run\":{run}}}");

    private static (string Outcome, bool Held) Judge(bool fired, Exception? failure, NotaryState before, NotaryState after, int run)
    {
        if (!fired)
        {
            return ("fault never fired", false);
        }

        var manifest = ManifestOf(run);
        var published = after.Keeps(before) && after.Lists($"run-{run}", Convert.ToHexStringLower(SHA256.HashData(manifest)), manifest.Length);
        if (failure is null)
        {
            return published ? ("ok", true) : ("succeeded but the tag is not listed", false);
        }

        if (failure is not SignPathDockerException spd)
        {
            return ($"unclear error {failure.GetType().Name}: {failure.Message}", false);
        }

        if (after == before)
        {
            return (spd.Code, true);
        }

        // The POST was applied and its answer lost: the update is complete and verifiable, the error says so.
        return ($"{spd.Code} but published", published);
    }

    private async Task<Exception?> PublishAsync(string gun, RootTrustPolicy policy, ITufSigner signer, int run)
    {
        var log = new CollectingProgressLog();
        using var http = RegistryHttpPipeline.CreateClient(RegistryHttpPipeline.Create(FaultSweep.RegistryOptions(), log, new RegistryRequestStatistics()));
        var client = new NotaryClient(http, _proxy!.Url, log, requestTimeout: TimeSpan.FromSeconds(2));
        var publisher = new NotaryDelegationPublisher(client, new TrustDataLoader(client), log: log);
        return await FaultSweep.OutcomeAsync(cancellationToken =>
            publisher.PublishTargetsAsync(gun, policy, BothRoles, new Dictionary<string, TufFileMeta> { [$"run-{run}"] = TufFileMeta.ForContent(ManifestOf(run)) }, signer, cancellationToken));
    }
}
