using System.Security.Cryptography;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.IntegrationTests.Publish;
using SignPath.Docker.Build.IntegrationTests.Registry;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using SignPath.Docker.Build.Registry;
using Xunit;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>
/// Faults of a registry's token service, the flow of Docker Hub, GHCR and ACR: a real docker-registry with
/// <c>auth: token</c>, the test rig's <see cref="TokenService"/>, and the <see cref="FaultProxy"/> between the
/// client and the token service. Token requests are retried like registry requests; an answer over the cap is
/// refused; at every token request of a cosign signing run, every fault either is retried to success or fails
/// with an SPD error and leaves the signature manifest as it was.
/// </summary>
public sealed class TokenServiceFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// As the registry sweeps', with room for a Retry-After: 1 on a token request inside one registry request
    /// (whose timeout covers its token fetch and the waits).
    /// </summary>
    private static readonly RegistryClientOptions Options = FaultSweep.RegistryOptions(requestTimeout: TimeSpan.FromSeconds(5));

    private TokenRegistryRig? _rig;
    private LocalSignerProcess? _signer;

    private TokenRegistryRig Rig => _rig!;

    public async Task InitializeAsync()
    {
        _rig = await TokenRegistryRig.StartAsync();
        _rig.TokenProxy.StallFor = TimeSpan.FromSeconds(15);
        _signer = await LocalSignerProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_signer is not null)
        {
            await _signer.DisposeAsync();
        }

        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(FaultKind.ServiceUnavailable)]
    [InlineData(FaultKind.TooManyRequests)]
    [InlineData(FaultKind.ResetMidBody)]
    public async Task A_token_request_that_fails_once_is_retried_and_the_push_succeeds(FaultKind kind)
    {
        var repository = new RepositoryReference(Rig.Registry, "tokens/retry-" + Guid.NewGuid().ToString("N")[..8]);
        Rig.TokenProxy.Reset(new FaultRule(kind, 1));
        using var client = new RegistryClient(Options, new CollectingProgressLog());

        var digest = await TestImages.PushTaggedAsync(client, repository, "1.0");

        var requests = Rig.TokenProxy.Requests;
        output.WriteLine(string.Join("\n", requests));
        Assert.True(Rig.TokenProxy.Fired);
        Assert.Equal(kind, requests[0].Fault);
        Assert.Equal((null, 200), (requests[1].Fault, requests[1].Status));
        Assert.Equal(requests[0].PathAndQuery, requests[1].PathAndQuery);
        using var reader = new IndependentRegistryReader(Rig.Registry, handler: new TokenReadingHandler(Rig.Tokens.Url));
        Assert.Equal(digest, await reader.DigestOfAsync(repository.Repository, "1.0"));
    }

    [Fact]
    public async Task A_token_answer_over_the_cap_fails_with_an_spd_error_and_pushes_nothing()
    {
        var repository = "tokens/oversized-" + Guid.NewGuid().ToString("N")[..8];
        var image = await PushImageAsync(repository);
        using var http = Reader();
        var before = await CosignSignatureState.ReadAsync(http, Rig.Registry, repository, image);
        Rig.TokenProxy.Reset(new FaultRule(FaultKind.OversizedBody, 1));

        var failure = await CosignSigningRun.SignAsync(_signer!, new RepositoryReference(Rig.Registry, repository), image, run: 1, Options);

        output.WriteLine(string.Join("\n", Rig.TokenProxy.Requests));
        var spd = Assert.IsAssignableFrom<SignPathDockerException>(failure);
        Assert.Equal(ErrorCodes.RegistryRequestFailed, spd.Code);
        Assert.Contains("token service", spd.Message, StringComparison.Ordinal);
        Assert.Single(Rig.TokenProxy.Requests); // refused, not asked again
        Assert.Equal(before.ManifestDigest, (await CosignSignatureState.ReadAsync(http, Rig.Registry, repository, image)).ManifestDigest);
    }

    [Fact]
    public async Task EveryTokenRequestPositionHoldsUnderEveryFault()
    {
        var kinds = Enum.GetValues<FaultKind>();
        var repository = "tokens/sweep-" + Guid.NewGuid().ToString("N")[..8];
        var image = await PushImageAsync(repository);
        using var http = Reader();
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(await File.ReadAllTextAsync(_signer!.CosignPublicKeyPath));
        var target = new RepositoryReference(Rig.Registry, repository);

        Rig.TokenProxy.Reset();
        Assert.Null(await CosignSigningRun.SignAsync(_signer, target, image, run: 0, Options));
        var baseline = Rig.TokenProxy.Requests;
        output.WriteLine($"clean run: {baseline.Count} token requests");
        foreach (var request in baseline)
        {
            output.WriteLine("  " + request);
        }

        Assert.NotEmpty(baseline);
        var report = new FaultSweepReport("token-service") { Positions = baseline.Count, Kinds = kinds };
        var run = 0;
        foreach (var position in baseline)
        {
            foreach (var kind in kinds)
            {
                run++;
                var before = await CosignSignatureState.ReadAsync(http, Rig.Registry, repository, image);
                Rig.TokenProxy.Reset(new FaultRule(kind, position.Ordinal));
                var failure = await CosignSigningRun.SignAsync(_signer, target, image, run, Options);
                var after = await CosignSignatureState.ReadAsync(http, Rig.Registry, repository, image);
                var problems = await after.VerifyAsync(http, Rig.Registry, repository, image, publicKey);
                var (outcome, held) = CosignFaultSweepTests.Judge(Rig.TokenProxy.Fired, failure, before, after, problems);
                report.Add(position.Ordinal, $"{position.Method} {position.Scope}", kind, outcome, held);
                output.WriteLine($"#{position.Ordinal} {position.Scope} {kind}: {outcome}{(held ? string.Empty : " — VIOLATION")}");
            }
        }

        report.Write();
        output.WriteLine(report.Table());
        output.WriteLine("fault injection: " + report.SummaryLine());
        Assert.True(report.AllHeld, string.Join("\n", report.Violations));
    }

    /// <summary>Plain HTTP into the token registry, for the tests' own independent reads.</summary>
    private HttpClient Reader() => new(new TokenReadingHandler(Rig.Tokens.Url));

    private async Task<string> PushImageAsync(string repository)
    {
        using var client = new RegistryClient(Options);
        var digest = await TestImages.PushTaggedAsync(client, new RepositoryReference(Rig.Registry, repository), "1.0");
        Rig.TokenProxy.Reset();
        return digest;
    }
}
