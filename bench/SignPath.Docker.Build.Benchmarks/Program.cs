using System.Globalization;
using SignPath.Docker.Build.Benchmarks;

// The benchmark of issue 6 (and the DCT comparison of issue 3). Run it with scripts/bench.sh, which builds,
// packs and sets SIGNPATH_DOCKER_BUILD_VERSION / SIGNPATH_DOCKER_BUILD_PACKAGES.
// Options: --rounds N (publish rounds, default 7), --dct-rounds N (default 7), --images N (default 50),
// --dct-tags 1,10,100 (tag counts of the DCT comparison), --only publish|dct|many (one scenario).
var rounds = Option("--rounds", 7);
var dctRounds = Option("--dct-rounds", 7);
var images = Option("--images", 50);
var dctTags = TextOption("--dct-tags", "1,10,100").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
var only = TextOption("--only", string.Empty);
var version = Environment.GetEnvironmentVariable("SIGNPATH_DOCKER_BUILD_VERSION")
    ?? throw new InvalidOperationException("SIGNPATH_DOCKER_BUILD_VERSION is not set; run scripts/bench.sh.");
var repositoryRoot = FindRepositoryRoot();
var packages = Environment.GetEnvironmentVariable("SIGNPATH_DOCKER_BUILD_PACKAGES") ?? Path.Combine(repositoryRoot, "artifacts", "packages");

var table = new ResultTable();
await using (var rig = await BenchRig.StartAsync(repositoryRoot))
{
    var project = new BenchProject(rig, version, packages);
    await project.RestoreAsync();
    if (only is "" or "publish")
    {
        Console.Error.WriteLine($"==> PublishContainer: no signing, cosign, cosign+notary ({rounds} rounds)");
        await PublishOverheadScenario.RunAsync(rig, project, rounds, table);
    }

    if (only is "" or "dct")
    {
        Console.Error.WriteLine($"==> DCT: ours vs notary CLI for {string.Join(", ", dctTags)} tags ({dctRounds} rounds)");
        await DctVersusNotaryCliScenario.RunAsync(rig, project, dctTags, dctRounds, table);
    }

    if (only is "" or "many")
    {
        Console.Error.WriteLine($"==> {images} images × 3 tags in one build");
        await ManyImagesScenario.RunAsync(rig, project, images, 3, table);
    }
}

Console.WriteLine();
Console.WriteLine($"SignPath.Docker.Build {version} on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; everything on loopback, LocalSigner without approval delay.");
Console.Write(table.Render());

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

string TextOption(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "SignPath.Docker.Build.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Cannot find the repository root (SignPath.Docker.Build.sln) above " + AppContext.BaseDirectory);
}
