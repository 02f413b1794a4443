using Microsoft.Build.Framework;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Common shape of every task: async work under a cancellation token that MSBuild's cancel (Ctrl+C)
/// trips, and core-library failures turned into MSBuild errors with their SPD code and hint.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "MSBuild may call Cancel() after Execute() returns; a token source without timers holds nothing to release.")]
public abstract class SignPathDockerTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource cancellation = new();

    public void Cancel() => cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            ExecuteAsync(new MSBuildProgressLog(Log), cancellation.Token).GetAwaiter().GetResult();
        }
        catch (SignPathDockerException e)
        {
            LogError(e.Code, e.Message, e.Hint);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Log.LogWarning(null, ErrorCodes.Canceled, null, null, 0, 0, 0, 0, "Signing was canceled; nothing further was pushed.");
            return false;
        }
        catch (Exception e) when (UnexpectedFailure.Is(e))
        {
            var failure = UnexpectedFailure.Describe(GetType().Name, e);
            LogError(failure.Code, failure.Message, failure.Hint);
            Log.LogMessage(MessageImportance.Low, e.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken);

    protected void LogError(string code, string message, string? hint) =>
        Log.LogError(null, code, null, null, 0, 0, 0, 0, hint is null ? message : $"{message} {hint}");
}
