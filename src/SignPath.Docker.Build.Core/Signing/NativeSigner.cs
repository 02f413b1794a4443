using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// Runs SignContainerImage's work in the package's ahead-of-time compiled signer process
/// (src/SignPath.Docker.Build.Signer), which starts warm where MSBuild's process would JIT the task's code
/// in every build. Shipped for linux-x64 only; anywhere it is missing or cannot start, the task signs in its own process.
/// </summary>
public sealed class NativeSigner
{
    public const string FileName = "signpath-docker-sign";
    private const string RuntimeIdentifier = "linux-x64";

    private readonly string path;

    /// <param name="path">The signer executable (tests give a script that speaks the protocol).</param>
    internal NativeSigner(string path) => this.path = path;

    /// <summary>The signer next to the task assemblies (tasks/net10.0/native/linux-x64/ in the package), when this is the platform it was built for.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "Called by the task in MSBuild's process, where the assemblies are files; the signer itself never looks for a signer.")]
    public static NativeSigner? Find()
    {
        if (RuntimeInformation.RuntimeIdentifier != RuntimeIdentifier)
        {
            return null;
        }

        var directory = Path.GetDirectoryName(typeof(NativeSigner).Assembly.Location);
        var path = directory is null ? null : Path.Combine(directory, "native", RuntimeIdentifier, FileName);
        return path is not null && File.Exists(path) ? new NativeSigner(path) : null;
    }

    /// <summary>
    /// The signed images, or null when the signer could not start: then nothing was sent anywhere and the caller
    /// signs in-process. Synchronous on purpose: the build's thread waits for the task anyway, and reading the pipes
    /// on it saves the thread-pool hops that cost milliseconds each in a build process that has not warmed up.
    /// </summary>
    public IReadOnlyList<SignedImageOutput>? Sign(ContainerSigningInputs inputs, IProgressLog log, CancellationToken cancellationToken)
    {
        using var process = Start(inputs, log);
        if (process is null)
        {
            return null;
        }

        // Sent before the signer says it is ready, so its start-up and ours overlap: it reads the inputs only after
        // writing "ready", so without that line it has done nothing and signing here is safe. The rest of the set-up
        // on this side (the stderr reader's thread, reading "ready") waits until the signer has what it needs.
        using var input = SignerPipe.For(process.StandardInput.BaseStream, FileAccess.Write);
        var ready = TryWriteLine(input, SignerProtocol.WriteInputs(inputs));
        var standardError = StandardErrorTail.Start(SignerPipe.For(process.StandardError.BaseStream, FileAccess.Read));
        using var output = SignerPipe.For(process.StandardOutput.BaseStream, FileAccess.Read);
        using var events = new StreamReader(output.Stream, Encoding.UTF8);
        try
        {
            // A signer that exited before reading its stdin (broken pipe) has not said it is ready either.
            ready = ready && SignerProtocol.ReadEvent(events.ReadLine())?.Kind == SignerEvent.Ready;
        }
        catch (IOException)
        {
            ready = false;
        }

        if (!ready)
        {
            Stop(process);
            process.WaitForExit();
            log.Detail($"The native signer ({path}) did not start ({standardError.ReadToEnd()}); signing in MSBuild's process.");
            return null;
        }

        log.Detail($"Signing in the native signer process {process.Id} ({path}).");
        return ReadEvents(process, input, events, standardError, log, cancellationToken);
    }

    private Process? Start(ContainerSigningInputs inputs, IProgressLog log)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Secrets travel in the signer's environment, never on stdin or a command line.
        if (!string.IsNullOrWhiteSpace(inputs.SignPathApiToken))
        {
            start.Environment[SignPathSettings.ApiTokenVariable] = inputs.SignPathApiToken;
        }

        if (!string.IsNullOrEmpty(inputs.NotaryUsername))
        {
            start.Environment[NotaryServices.NotaryAuthVariable] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{inputs.NotaryUsername}:{inputs.NotaryPassword}"));
        }

        try
        {
            if (!OperatingSystem.IsWindows())
            {
                EnsureExecutable();
            }

            return Process.Start(start);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            log.Detail($"The native signer ({path}) could not be started ({e.Message}); signing in MSBuild's process.");
            return null;
        }
    }

    /// <summary>NuGet does not keep a file's execute permission when it extracts a package.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void EnsureExecutable()
    {
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | execute);
        }
    }

    private static List<SignedImageOutput> ReadEvents(
        Process process, SignerPipe input, StreamReader events, StandardErrorTail standardError, IProgressLog log, CancellationToken cancellationToken)
    {
        // The signer stops at its next safe point on "cancel" and says so; killing it could cut a write in half.
        using var cancel = cancellationToken.Register(() => TryWriteLine(input, SignerEvent.CancelCommand));

        var signed = new List<SignedImageOutput>();
        while (events.ReadLine() is { } line)
        {
            var signerEvent = SignerProtocol.ReadEvent(line);
            switch (signerEvent?.Kind)
            {
                case SignerEvent.Info:
                    log.Info(signerEvent.Message ?? string.Empty);
                    break;
                case SignerEvent.Warning:
                    log.Warning(signerEvent.Code ?? ErrorCodes.Unexpected, signerEvent.Message ?? string.Empty);
                    break;
                case SignerEvent.SignedImage when signerEvent.Image is not null:
                    signed.Add(signerEvent.Image);
                    break;
                case SignerEvent.Done:
                    // Its work is over; the build need not wait for the process to exit.
                    return signed;
                case SignerEvent.Error:
                    throw new SignPathDockerException(signerEvent.Code ?? ErrorCodes.Unexpected, signerEvent.Message ?? "The native signer failed.", signerEvent.Hint);
                case SignerEvent.Canceled:
                    throw new OperationCanceledException(cancellationToken);
                default:
                    log.Detail(signerEvent?.Message ?? line);
                    break;
            }
        }

        // stdout ended without a last word: the process died.
        process.WaitForExit();
        throw new SignPathDockerException(
            ErrorCodes.Unexpected,
            $"The native signer stopped unexpectedly (exit code {process.ExitCode}): {standardError.ReadToEnd()}",
            "This is unexpected; set SignContainerInProcess=true to sign in MSBuild's process, and report the output (it contains no secrets).");
    }

    /// <returns>False when the signer has gone (its end of the pipe is closed).</returns>
    private static bool TryWriteLine(SignerPipe pipe, string line)
    {
        try
        {
            pipe.Stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }
}
