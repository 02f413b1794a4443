namespace SignPath.Docker.Build.Diagnostics;

/// <summary>
/// Where the core library reports progress. The MSBuild tasks map it to TaskLoggingHelper;
/// tests collect it. Implementations must not be handed secrets, and callers never pass any.
/// </summary>
public interface IProgressLog
{
    /// <summary>Shown at normal verbosity: what a CI log reader needs to see.</summary>
    void Info(string message);

    /// <summary>Shown at detailed verbosity.</summary>
    void Detail(string message);

    void Warning(string code, string message);
}
