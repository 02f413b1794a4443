namespace SignPath.Docker.Build.Benchmarks;

/// <summary>
/// `dotnet publish -t:PublishContainer` of the generated app without signing, with cosign and with cosign+notary.
/// One warm-up run per variant (the first one restores and compiles) at -v:detailed gives the request counts;
/// then the variants take turns for the timed rounds at -v:minimal.
/// </summary>
internal static class PublishOverheadScenario
{
    private const string Repository = "bench/publish";

    public static async Task RunAsync(BenchRig rig, BenchProject project, int rounds, ResultTable table)
    {
        var gun = $"{rig.Registry}/{Repository}";
        var trust = await rig.InitNotaryRepositoryAsync(gun);
        (string Name, string[] Signing)[] variants =
        [
            ("no signing", []),
            ("cosign", [.. project.Signing("cosign")]),
            ("cosign+notary", [.. project.Signing("cosign;notary")]),
            ("before push, notation+cosign", [.. project.Signing("notation;cosign"), "-p:SignContainerBeforePush=true", "-p:SignPathOciLayoutArtifactConfigurationSlug=oci-layout", "-p:ContainerRepository=bench/before-push"]),
        ];

        var warmUps = new List<(ProcessResult Result, int SignPathRequests)>();
        foreach (var (_, signing) in variants)
        {
            await rig.ClearSigningRequestsAsync();
            var result = await project.PublishAsync(Repository, "detailed", signing);
            warmUps.Add((result, (await rig.SigningRequestsAsync()).Values.Sum()));
        }

        // The notary CLI is the verifier: a publish that signed nothing must not count.
        var digest = await PublishedDigestAsync(rig);
        foreach (var role in new[] { "targets/releases", "targets/signpath" })
        {
            if (await rig.CountSignedTagsAsync(trust, gun, role, digest) != 2)
            {
                throw new InvalidOperationException($"notary list {gun} -r {role} does not show 1.0 and latest after the cosign+notary publish.");
            }
        }

        var times = variants.Select(_ => new List<TimeSpan>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                times[v].Add((await project.PublishAsync(Repository, "minimal", variants[v].Signing)).Elapsed);
            }
        }

        var plain = ResultTable.Median(times[0]);
        table.Add($"PublishContainer, no signing (median of {rounds})", ResultTable.Seconds(plain));
        for (var v = 1; v < variants.Length; v++)
        {
            var median = ResultTable.Median(times[v]);
            var overhead = (median - plain) / plain * 100;
            var measured = $"{ResultTable.Seconds(median)} ({(overhead >= 0 ? "+" : string.Empty)}{ResultTable.Number(overhead, "0.0")} %)";
            if (v < 3)
            {
                var (name, target) = v == 1 ? ("cosign", 15) : ("cosign + notary", 20);
                table.Add($"PublishContainer + {name} (median of {rounds}), overhead vs no signing", measured, $"<= +{target} %", overhead <= target);
            }
            else
            {
                var ratio = median / plain;
                table.Add($"PublishContainer, sign before push notation+cosign (median of {rounds}), wall time vs no signing", $"{ResultTable.Number(ratio, "0.00")}×", "<= 1.15×", ratio <= 1.15);
            }
        }

        var cosign = warmUps[1];
        var both = warmUps[2];
        var cosignPerImage = PerImage(BuildLog.RegistryRequests(cosign.Result.Output), cosign.Result.Output);
        table.Add("cosign publish: registry requests per signature", Format(cosignPerImage), "<= 7", cosignPerImage <= 7);
        table.Add(
            "cosign+notary publish: registry / Notary requests per signed image",
            $"{Format(PerImage(BuildLog.RegistryRequests(both.Result.Output), both.Result.Output))} / {Format(PerImage(BuildLog.NotaryRequests(both.Result.Output), both.Result.Output))}");
        var beforePush = warmUps[3];
        var pushed = Math.Max(1, BuildLog.PushedRepositories(beforePush.Result.Output));
        var sent = BuildLog.BytesToSignPath(beforePush.Result.Output);
        table.Add("sign before push: bytes to SignPath per image", sent is { } bytes ? $"{bytes / pushed} B" : "n/a", "< 64 KiB", sent / pushed < 64 * 1024);
        table.Add("sign before push: registry requests per image (image, 2 signatures, referrers tag, 2 tags)", Format(BuildLog.RegistryRequests(beforePush.Result.Output) / (double)pushed));
        table.Add("SignPath requests per publish: cosign / cosign+notary", $"{cosign.SignPathRequests} / {both.SignPathRequests}", "1 per format", cosign.SignPathRequests == 1 && both.SignPathRequests == 2);
    }

    private static double? PerImage(int? requests, string output) =>
        requests is { } r && BuildLog.SignedImages(output) is { } images and > 0 ? (double)r / images : null;

    private static string Format(double? value) => value is { } v ? ResultTable.Number(v) : "n/a";

    private static async Task<string> PublishedDigestAsync(BenchRig rig)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{rig.Registry}/v2/{Repository}/manifests/1.0");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }
}
