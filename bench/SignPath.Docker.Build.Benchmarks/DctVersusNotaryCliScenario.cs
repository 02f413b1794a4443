using System.Diagnostics;
using System.Globalization;

namespace SignPath.Docker.Build.Benchmarks;

/// <summary>
/// Signing N tags of one image into targets/releases and targets/signpath, by our code and by the notary CLI,
/// each on its own freshly initialised repository (scripts/rig/notary.sh init-repo) of the same notary-server.
/// Ours: one `dotnet msbuild -t:SignContainerImage` with N ContainerImageToSign items (tag, digest and manifest
/// bytes, as PublishContainer hands them over and as the CLI's `add` reads them), ContainerSignatureFormats=notary: trust
/// data fetch and verification from the root, signing data to the LocalSigner and back (SignPath round trip),
/// checks, publish, timed as the whole process (.NET start, MSBuild evaluation, the task), which is what a user
/// running it feels. Informational: a whole MSBuild process against one Go process is no target. CLI: `notary add` per tag (both roles) + `notary publish`, with the
/// delegation key imported in its trust dir beforehand (not timed); its publish also fetches and verifies the
/// trust data. Both results are checked with `notary list`.
/// </summary>
internal static class DctVersusNotaryCliScenario
{
    private static readonly string[] Roles = ["targets/releases", "targets/signpath"];

    public static async Task RunAsync(BenchRig rig, BenchProject project, int[] tagCounts, int rounds, ResultTable table)
    {
        foreach (var count in tagCounts)
        {
            var tags = Enumerable.Range(1, count).Select(i => "v" + i.ToString("000", CultureInfo.InvariantCulture)).ToList();
            var ours = new List<TimeSpan>();
            var cli = new List<TimeSpan>();
            for (var round = 1; round <= rounds; round++)
            {
                ours.Add(await SignWithOursAsync(rig, project, $"bench/dct-{count}-ours-{round}", tags));
                cli.Add(await SignWithNotaryCliAsync(rig, $"bench/dct-{count}-cli-{round}", tags));
            }

            var (medianOurs, medianCli) = (ResultTable.Median(ours), ResultTable.Median(cli));
            table.Add(
                $"DCT {count} tag(s), median of {rounds}: `dotnet msbuild -t:SignContainerImage` / notary CLI add+publish",
                $"{ResultTable.Seconds(medianOurs)} / {ResultTable.Milliseconds(medianCli)} ({ResultTable.Number(medianOurs / medianCli, "0.0")}x)",
                "informational");
        }
    }

    private static async Task<TimeSpan> SignWithOursAsync(BenchRig rig, BenchProject project, string repository, List<string> tags)
    {
        var gun = $"{rig.Registry}/{repository}";
        await rig.PushBaseImageAsync(repository + ":base");
        var trust = await rig.InitNotaryRepositoryAsync(gun);
        // The CLI's `add` reads the manifest file; ours gets the same bytes, as PublishContainer hands them over.
        var manifest = await File.ReadAllTextAsync(rig.BaseManifestFile);
        var result = await project.SignAsync(tags.Select(t => ($"{gun}:{t}", (string?)rig.BaseDigest, (string?)manifest)), "notary", "minimal");
        await VerifyAsync(rig, trust, gun, tags.Count);
        return result.Elapsed;
    }

    private static async Task<TimeSpan> SignWithNotaryCliAsync(BenchRig rig, string repository, List<string> tags)
    {
        var gun = $"{rig.Registry}/{repository}";
        var trust = await rig.InitNotaryRepositoryAsync(gun);
        await rig.NotaryAsync(trust, "key", "import", rig.DelegationKey, "--role", "signpath");
        var watch = Stopwatch.StartNew();
        foreach (var tag in tags)
        {
            await rig.NotaryAsync(trust, "add", gun, tag, rig.BaseManifestFile, "--roles", Roles[0], "--roles", Roles[1]);
        }

        await rig.NotaryAsync(trust, "publish", gun);
        var elapsed = watch.Elapsed;
        await VerifyAsync(rig, trust, gun, tags.Count);
        return elapsed;
    }

    private static async Task VerifyAsync(BenchRig rig, string trust, string gun, int expected)
    {
        foreach (var role in Roles)
        {
            var listed = await rig.CountSignedTagsAsync(trust, gun, role, rig.BaseDigest);
            if (listed != expected)
            {
                throw new InvalidOperationException($"notary list {gun} -r {role} shows {listed} signed tags, expected {expected}: nothing to compare.");
            }
        }
    }
}
