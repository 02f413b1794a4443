using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Registry.Http;
using Xunit;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>The trust setup's one write, the first publish of root.json and targets.json, against a real notary-server.</summary>
public sealed class TrustSetupFaultTests(HttpNotaryRig rig, ITestOutputHelper output) : IClassFixture<HttpNotaryRig>
{
    [Fact]
    public async Task Initialising_a_repository_whose_publish_answer_is_lost_still_succeeds_and_the_cli_reads_it()
    {
        await using var proxy = await FaultProxy.StartAsync(rig.ServerUrl);
        proxy.Reset(new FaultRule(FaultKind.ResetMidBody, 1, "POST", "/_trust/tuf/$"));
        var gun = "localhost:5000/faults/setup-" + Guid.NewGuid().ToString("N")[..8];
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        using var rootCertificate = new CertificateRequest($"CN={gun}", rootKey, HashAlgorithmName.SHA256).CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        var log = new CollectingProgressLog();
        using var http = RegistryHttpPipeline.CreateClient(RegistryHttpPipeline.Create(new RegistryClientOptions(), log, new RegistryRequestStatistics()));
        var client = new NotaryClient(http, proxy.Url, log);

        await new NotaryTrustSetup(client, log: log).InitializeAsync(gun, new LocalTufSigner(rootKey, rootCertificate), TufDelegations.Empty, CancellationToken.None);

        output.WriteLine(string.Join("\n", proxy.Requests));
        output.WriteLine(string.Join("\n", log.Lines));
        Assert.True(proxy.Fired);
        Assert.Contains(log.Lines, line => line.Contains("answer to the publish was lost", StringComparison.Ordinal));
        var trustDirectory = Path.Combine(rig.Directory, "cli-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Contains("No targets present", await rig.NotaryCliAsync(trustDirectory, "list", gun), StringComparison.Ordinal);
    }
}
