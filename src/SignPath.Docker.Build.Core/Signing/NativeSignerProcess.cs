using System.Diagnostics;
using System.Text;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// A started native signer waiting for its inputs (<see cref="NativeSigner.Start"/>): sends them, relays its events
/// and returns the signed images. Synchronous on purpose: the build's thread waits for the task anyway, and reading
/// the pipes on it saves the thread-pool hops that cost milliseconds each in a build process that has not warmed up.
/// </summary>
public sealed class NativeSignerProcess : IDisposable
{
    private readonly Process process;
    private readonly string path;

    internal NativeSignerProcess(Process process, string path)
    {
        this.process = process;
        this.path = path;
    }

    /// <summary>The signed images, or null when the signer did not start: then nothing was sent anywhere and the caller signs in-process.</summary>
    public IReadOnlyList<SignedImageOutput>? Sign(ContainerSigningInputs inputs, IProgressLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);

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
            Stop();
            process.WaitForExit();
            log.Detail($"The native signer ({path}) did not start ({standardError.ReadToEnd()}); signing in MSBuild's process.");
            return null;
        }

        log.Detail($"Signing in the native signer process {process.Id} ({path}).");
        return ReadEvents(input, events, standardError, log, cancellationToken);
    }

    /// <summary>Ends a signer that was never given its inputs (closing its stdin makes it stop), and lets go of the process.</summary>
    public void Dispose() => process.Dispose();

    private List<SignedImageOutput> ReadEvents(SignerPipe input, StreamReader events, StandardErrorTail standardError, IProgressLog log, CancellationToken cancellationToken)
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

    private void Stop()
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
