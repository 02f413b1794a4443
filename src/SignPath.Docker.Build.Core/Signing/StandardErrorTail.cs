using System.Text;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// The last few KB of the native signer's stderr, kept for the message when it fails to start or dies. Read with
/// blocking reads on a thread of its own: Process's asynchronous reader would start the socket engine and JIT its
/// generic state machines in MSBuild's process, a millisecond or two of every build. The thread owns the pipe and
/// lets go of it at the end of stderr.
/// </summary>
internal sealed class StandardErrorTail
{
    private const int MaxLength = 4096;

    /// <summary>How long to wait for the rest of stderr after the process exited (a child could keep the pipe open).</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly StringBuilder text = new();
    private readonly Thread reader;

    private StandardErrorTail(SignerPipe standardError)
    {
        reader = new Thread(() => ReadAll(standardError)) { IsBackground = true, Name = "native signer stderr" };
    }

    public static StandardErrorTail Start(SignerPipe standardError)
    {
        var tail = new StandardErrorTail(standardError);
        tail.reader.Start();
        return tail;
    }

    /// <summary>What the process wrote, once it has exited; "no output" for nothing.</summary>
    public string ReadToEnd()
    {
        reader.Join(DrainTimeout);
        lock (text)
        {
            var written = text.ToString().Trim();
            return written.Length == 0 ? "no output" : written;
        }
    }

    private void ReadAll(SignerPipe standardError)
    {
        try
        {
            using var lines = new StreamReader(standardError.Stream, Encoding.UTF8);
            while (lines.ReadLine() is { } line)
            {
                lock (text)
                {
                    text.AppendLine(line);
                    if (text.Length > MaxLength)
                    {
                        text.Remove(0, text.Length - MaxLength);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // An exception here would end MSBuild's process.
        }
        finally
        {
            standardError.Dispose();
        }
    }
}
