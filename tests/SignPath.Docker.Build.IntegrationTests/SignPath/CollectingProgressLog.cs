using System.Collections.Concurrent;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.IntegrationTests.SignPath;

internal sealed class CollectingProgressLog : IProgressLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public void Info(string message) => _lines.Enqueue(message);

    public void Detail(string message) => _lines.Enqueue(message);

    public void Warning(string code, string message) => _lines.Enqueue($"{code}: {message}");
}
