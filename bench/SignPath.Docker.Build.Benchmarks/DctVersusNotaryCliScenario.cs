using System.Diagnostics;
using System.Globalization;

namespace SignPath.Docker.Build.Benchmarks;

/// <summary>
/// Signing N tags of one image into targets/releases and targets/signpath, by our code and by the notary CLI,
/// each on its own freshly initialised repository (scripts/rig/notary.sh init-repo) of the same notary-server.
/// Ours: one `dotnet msbuild -t:SignContainerImage` with N ContainerImageToSign items (tag, digest and manifest
/// bytes, as PublishContainer hands them over and as the CLI's `add` reads them), ContainerSignatureFormats=notary: trust
/// data fetch and verification from the root, signing data to the LocalSigner and back (SignPath round trip),
/// checks, publish. Reported as the task's own time (MSBuild performance summary) and the whole process
/// (.NET start, MSBuild evaluation). CLI: `notary add` per tag (both roles) + `notary publish`, with the
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
            var oursTask = new List<TimeSpan>();
            var oursProcess = new List<TimeSpan>();
            var cli = new List<TimeSpan>();
            for (var round = 1; round <= rounds; round++)
            {
                var (task, process) = await SignWithOursAsync(rig, project, $"bench/dct-{count}-ours-{round}", tags);
                oursTask.Add(task);
                oursProcess.Add(process);
                cli.Add(await SignWithNotaryCliAsync(rig, $"bench/dct-{count}-cli-{round}", tags));
            }

            var (medianTask, medianProcess, medianCli) = (ResultTable.Median(oursTask), ResultTable.Median(oursProcess), ResultTable.Median(cli));
            var ratio = medianTask / medianCli;
            table.Add(
                $"DCT {count} tag(s), median of {rounds}: ours task / ours process / notary CLI add+publish",
                $"{ResultTable.Milliseconds(medianTask)} / {ResultTable.Seconds(medianProcess)} / {ResultTable.Milliseconds(medianCli)}");
            table.Add(
                $"DCT {count} tag(s): ours / notary CLI (task; whole process)",
                $"{ResultTable.Number(ratio, "0.00")}x; {ResultTable.Number(medianProcess / medianCli, "0.0")}x",
                "<= 1.0x",
                ratio <= 1.0);
        }
    }

    private static async Task<(TimeSpan Task, TimeSpan Process)> SignWithOursAsync(BenchRig rig, BenchProject project, string repository, List<string> tags)
    {
        var gun = $"{rig.Registry}/{repository}";
        await rig.PushBaseImageAsync(repository + ":base");
        var trust = await rig.InitNotaryRepositoryAsync(gun);
        // The CLI's `add` reads the manifest file; ours gets the same bytes, as PublishContainer hands them over.
        var manifest = await File.ReadAllTextAsync(rig.BaseManifestFile);
        var result = await project.SignAsync(tags.Select(t => ($"{gun}:{t}", (string?)rig.BaseDigest, (string?)manifest)), "notary", "minimal");
        await VerifyAsync(rig, trust, gun, tags.Count);
        var task = BuildLog.SignTaskTime(result.Output) ?? throw new InvalidOperationException("No SignContainerImage time in the performance summary:\n" + result.Output);
        return (task, result.Elapsed);
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
