using System.Globalization;

namespace SignPath.Docker.Build.Benchmarks;

/// <summary>
/// Images × tags signed in one build: the base image copied with skopeo into each repository under each tag,
/// a Notary repository initialised per image, then one `dotnet msbuild -t:SignContainerImage` with every tag as
/// a ContainerImageToSign item (digests resolved from the registry) and ContainerSignatureFormats=cosign;notary,
/// under /usr/bin/time for the peak resident set size.
/// </summary>
internal static class ManyImagesScenario
{
    public static async Task RunAsync(BenchRig rig, BenchProject project, int imageCount, int tagsPerImage, ResultTable table)
    {
        var repositories = Enumerable.Range(1, imageCount).Select(i => $"bench/many-{i.ToString("000", CultureInfo.InvariantCulture)}").ToList();
        var tags = Enumerable.Range(1, tagsPerImage).Select(i => $"1.{i.ToString(CultureInfo.InvariantCulture)}").ToList();
        var references = repositories.SelectMany(r => tags.Select(t => $"{r}:{t}")).ToList();

        // Copies that upload blobs race in the registry (even into different repositories), so the first tag of each
        // image goes one after another; the other tags only add manifests and go in parallel across repositories.
        foreach (var repository in repositories)
        {
            await rig.PushBaseImageAsync($"{repository}:{tags[0]}");
        }

        await Parallel.ForEachAsync(repositories, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (repository, _) =>
        {
            foreach (var tag in tags.Skip(1))
            {
                await rig.PushBaseImageAsync($"{repository}:{tag}");
            }
        });

        var trustDirectories = new List<string>();
        foreach (var repository in repositories)
        {
            trustDirectories.Add(await rig.InitNotaryRepositoryAsync($"{rig.Registry}/{repository}"));
        }

        await rig.ClearSigningRequestsAsync();
        var peakMemoryFile = Path.Combine(rig.Work, "many-peak-rss.txt");
        var result = await project.SignAsync(references.Select(r => ($"{rig.Registry}/{r}", (string?)null, (string?)null)), "cosign;notary", "detailed", peakMemoryFile);
        var requests = await rig.SigningRequestsAsync();

        var signedTags = 0;
        for (var i = 0; i < repositories.Count; i++)
        {
            signedTags += await rig.CountSignedTagsAsync(trustDirectories[i], $"{rig.Registry}/{repositories[i]}", "targets/releases", rig.BaseDigest);
        }

        if (signedTags != references.Count || BuildLog.SignedImages(result.Output) != imageCount)
        {
            throw new InvalidOperationException($"{imageCount} × {tagsPerImage}: notary list shows {signedTags} signed tags, the build says:\n{result.Output}");
        }

        var name = $"{imageCount} images × {tagsPerImage} tags, cosign+notary, one build";
        var perFormat = string.Join(", ", requests.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));
        table.Add($"{name}: SignPath requests", $"{requests.Values.Sum()} ({perFormat})", "1 per format", requests.Count == 2 && requests.Values.All(c => c == 1));
        var peakKilobytes = long.Parse(File.ReadLines(peakMemoryFile).Last(l => l.Trim().Length > 0).Trim(), CultureInfo.InvariantCulture);
        table.Add($"{name}: wall time (-v:detailed) / peak working set", $"{ResultTable.Seconds(result.Elapsed)} / {ResultTable.Number(peakKilobytes / 1024.0, "0")} MiB");
        table.Add(
            $"{name}: registry / Notary requests per image",
            $"{PerImage(BuildLog.RegistryRequests(result.Output), imageCount)} / {PerImage(BuildLog.NotaryRequests(result.Output), imageCount)}");
    }

    private static string PerImage(int? requests, int images) => requests is { } r ? ResultTable.Number((double)r / images, "0.#") : "n/a";
}
