using System.Diagnostics;

namespace SignPath.Docker.Build.Benchmarks;

internal sealed record ProcessResult(int ExitCode, string Output, TimeSpan Elapsed);

/// <summary>Runs a program to its end, timing it from start to exit.</summary>
internal static class Shell
{
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> arguments, string? workingDirectory = null, bool check = true)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = watch.Elapsed;
        var result = new ProcessResult(process.ExitCode, await stdout + await stderr, elapsed);
        if (check && result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {result.ExitCode}:\n{result.Output}");
        }

        return result;
    }
}
