using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Tasks;

internal sealed class MSBuildProgressLog(TaskLoggingHelper log) : IProgressLog
{
    public void Info(string message) => log.LogMessage(MessageImportance.High, message);

    public void Detail(string message) => log.LogMessage(MessageImportance.Low, message);

    public void Warning(string code, string message) => log.LogWarning(null, code, null, null, 0, 0, 0, 0, message);
}
