using System.Collections.Concurrent;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Tests.SignPath;

internal sealed class RecordingProgressLog : IProgressLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Info(string message) => Lines.Enqueue("info: " + message);

    public void Detail(string message) => Lines.Enqueue("detail: " + message);

    public void Warning(string code, string message) => Lines.Enqueue($"warning {code}: {message}");
}
