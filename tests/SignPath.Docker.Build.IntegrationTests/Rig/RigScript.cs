using System.Diagnostics;

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
        var startInfo = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(PathOf(name));
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/rig/{name} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}");
        }

        return (await stdout).Trim();
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
