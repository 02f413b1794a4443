using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Signer;

/// <summary>Progress as <see cref="SignerEvent"/> lines on stdout, one whole line at a time (cosign signs images in parallel).</summary>
internal sealed class JsonLinesProgressLog(TextWriter output) : IProgressLog
{
    private readonly Lock gate = new();

    public void Info(string message) => Write(new SignerEvent(SignerEvent.Info, message));

    public void Detail(string message) => Write(new SignerEvent(SignerEvent.Detail, message));

    public void Warning(string code, string message) => Write(new SignerEvent(SignerEvent.Warning, message, code));

    public void Write(SignerEvent signerEvent)
    {
        var line = SignerProtocol.WriteEvent(signerEvent);
        lock (gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
