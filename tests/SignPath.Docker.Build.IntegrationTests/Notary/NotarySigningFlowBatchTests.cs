using System.IO.Compression;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.SigningData;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Signing;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Notary;

/// <summary>
/// NotarySigningFlow with several repositories against a real notary-server: one signing request for all,
/// and after another writer wins on one repository, one more request for just that one, keeping its targets.
/// </summary>
public sealed class NotarySigningFlowBatchTests(HttpNotaryRig rig) : IClassFixture<HttpNotaryRig>
{
    private static readonly string[] BothRoles = [TufRoleName.Releases, "targets/signpath"];

    [Fact]
    public async Task AConflictOnOneRepositoryResignsOnlyThatOneAndKeepsTheOtherWritersTarget()
    {
        string[] guns = ["localhost:5000/it/batch-a", "localhost:5000/it/batch-b", "localhost:5000/it/batch-c"];
        var trustDirectories = new List<string>();
        foreach (var gun in guns)
        {
            trustDirectories.Add(await rig.InitRepositoryAsync(gun));
        }

        await rig.NotaryCliAsync(trustDirectories[1], "key", "import", rig.DelegationKeyFile, "--role", TufRoleName.Releases);
        var cliManifest = Path.Combine(rig.Directory, "batch-cli-manifest.json");
        await File.WriteAllTextAsync(cliManifest, "{\"schemaVersion\":2,\"cli\":true}");

        using var http = rig.CreateHttpClient();
        var client = new NotaryClient(http, rig.ServerUrl);
        using var key = rig.LoadDelegationKey();
        using var certificate = rig.LoadDelegationCertificate();
        var service = new DelegationKeySigningService(new LocalTufSigner(key, certificate))
        {
            // Another writer publishes to the second repository while SignPath signs the first request.
            BeforeFirstSignature = async () =>
            {
                await rig.NotaryCliAsync(trustDirectories[1], "add", guns[1], "theirs", cliManifest, "--roles", TufRoleName.Releases);
                await rig.NotaryCliAsync(trustDirectories[1], "publish", guns[1]);
            },
        };
        var flow = new NotarySigningFlow(client, service, NullProgressLog.Instance);
        var claimed = new Dictionary<string, TufFileMeta> { ["ours"] = TufFileMeta.ForContent("{\"schemaVersion\":2,\"ours\":true}"u8) };
        var options = new NotarySigningOptions(null, BothRoles, RootTrustPolicy.TrustOnFirstUse(new FileTrustedRootStore(Path.Combine(rig.Directory, "tofu-batch"))));

        var published = await flow.SignAsync([.. guns.Select(gun => new NotaryRepositoryTargets(gun, claimed))], options, CancellationToken.None);

        Assert.Equal([3, 1], service.RepositoriesPerRequest);
        Assert.Equal(guns, published.Select(trust => trust.Gun));
        for (var i = 0; i < guns.Length; i++)
        {
            var listing = await rig.NotaryCliAsync(trustDirectories[i], "list", guns[i]);
            Assert.Contains("ours", listing, StringComparison.Ordinal);
            Assert.Equal(i == 1, listing.Contains("theirs", StringComparison.Ordinal));
        }
    }

    /// <summary>Signs every unsigned role of Docker signing data with the delegation key, as SignPath's notary configuration would.</summary>
    private sealed class DelegationKeySigningService(ITufSigner signer) : IArtifactSigningService
    {
        public List<int> RepositoriesPerRequest { get; } = [];

        public Func<Task>? BeforeFirstSignature { get; init; }

        public async Task<byte[]> SignAsync(ArtifactSigningRequest request, CancellationToken cancellationToken)
        {
            var repositories = NotarySigningData.ReadRequest(request.Content);
            RepositoriesPerRequest.Add(repositories.Count);
            if (RepositoriesPerRequest.Count == 1 && BeforeFirstSignature is not null)
            {
                await BeforeFirstSignature();
            }

            using var output = new MemoryStream();
            output.Write(request.Content);
            using (var archive = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
            {
                for (var i = 0; i < repositories.Count; i++)
                {
                    foreach (var (role, unsigned) in repositories[i].UnsignedRoles)
                    {
                        var file = await TufEnvelope.SignAsync(unsigned, [signer], cancellationToken);
                        await using var entry = archive.CreateEntry(NotarySigningData.SignedEntry(i, role)).Open();
                        await entry.WriteAsync(file, cancellationToken);
                    }
                }
            }

            return output.ToArray();
        }
    }
}
