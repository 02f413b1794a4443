namespace SignPath.Docker.Build.IntegrationTests.Rig;

/// <summary>Runs the bash scripts in scripts/rig/ (which start real servers on loopback) and waits for them.</summary>
public static class RigScript
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static string PathOf(string name) => Path.Combine(RepositoryRoot, "scripts", "rig", name);

    /// <summary>Runs scripts/rig/&lt;name&gt; with <paramref name="args"/>; returns stdout, throws with stderr on a non-zero exit.</summary>
    public static string Run(string name, params string[] args) => RunAsync(name, args).GetAwaiter().GetResult();

    /// <summary>Same as <see cref="Run"/>; "Start" reads better for scripts that launch a server and return.</summary>
    public static string Start(string name, params string[] args) => Run(name, args);

    public static async Task<string> RunAsync(string name, IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var result = await ExternalProcess.RunAsync("bash", [PathOf(name), .. args], timeout: TimeSpan.FromMinutes(5), cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/rig/{name} {string.Join(' ', args)} exited with {result.ExitCode}: {result.StandardError}");
        }

        return result.StandardOutput.Trim();
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "scripts", "rig")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/rig not found above " + AppContext.BaseDirectory);
    }
}
