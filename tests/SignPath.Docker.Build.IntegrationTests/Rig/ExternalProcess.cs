using System.Diagnostics;

namespace SignPath.Docker.Build.IntegrationTests.Rig;

/// <summary>What a finished process said; Output is stdout followed by stderr.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public string Output => StandardOutput + StandardError;

    public ProcessResult EnsureSuccess() => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"{Command} exited with {ExitCode}:\n{StandardOutput}\n{StandardError}");
}

/// <summary>
/// The one way the tests run the real tools (notary, docker, openssl, pkcs11-tool, dotnet, the rig scripts):
/// arguments without a shell, stdin closed, both streams captured, bounded by a timeout.
/// </summary>
public static class ExternalProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult($"{fileName} {string.Join(' ', start.ArgumentList)}", process.ExitCode, await stdout, await stderr, watch.Elapsed);
    }

    /// <summary>Runs the tool and returns stdout followed by stderr; throws with both on a non-zero exit.</summary>
    public static async Task<string> RunCheckedAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        (await RunAsync(fileName, arguments, environment?.ToDictionary(pair => pair.Key, pair => (string?)pair.Value))).EnsureSuccess().Output;
}
