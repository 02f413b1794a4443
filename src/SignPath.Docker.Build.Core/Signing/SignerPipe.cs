using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// One of the native signer's redirected standard streams as a FileStream on the same descriptor. On Unix, Process's
/// pipe streams read and write through a Socket per pipe; the first use in MSBuild's process loaded System.Net.Sockets
/// and started its engine and telemetry, 2.5-3 ms of every build before the signer got its inputs (measured). A
/// FileStream makes the plain read and write calls. The process still owns the descriptor: this holds a reference
/// on its handle, so the descriptor stays open (and is not reused) until this is disposed.
/// </summary>
internal sealed class SignerPipe : IDisposable
{
    private readonly SafePipeHandle handle;

    private SignerPipe(SafePipeHandle handle, FileAccess access)
    {
        this.handle = handle;
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            // Unbuffered: every write is one whole line, sent at once.
            Stream = new FileStream(new SafeFileHandle(handle.DangerousGetHandle(), ownsHandle: false), access, bufferSize: 0);
        }
        catch
        {
            handle.DangerousRelease();
            throw;
        }
    }

    public FileStream Stream { get; }

    /// <param name="processStream">Process.StandardInput.BaseStream, StandardOutput.BaseStream or StandardError.BaseStream.</param>
    public static SignerPipe For(Stream processStream, FileAccess access) =>
        new(((PipeStream)processStream).SafePipeHandle, access);

    public void Dispose()
    {
        Stream.Dispose();
        handle.DangerousRelease();
    }
}
