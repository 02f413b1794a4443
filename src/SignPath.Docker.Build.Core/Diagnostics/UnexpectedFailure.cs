namespace SignPath.Docker.Build.Diagnostics;

/// <summary>
/// Failures no SPD code describes (a broken connection outside a client's retries, a file that vanished): one
/// rule for which exceptions count and one wording (SPD9000), for every task.
/// </summary>
public static class UnexpectedFailure
{
    public static bool Is(Exception exception) =>
        exception is HttpRequestException or IOException or UnauthorizedAccessException or InvalidOperationException;

    /// <param name="taskName">The task the user ran, e.g. SignContainerImage.</param>
    public static SignPathDockerException Describe(string taskName, Exception exception) => new(
        ErrorCodes.Unexpected,
        $"{taskName} failed: {exception.Message}",
        "This is unexpected; run with -v:detailed and report the output (it contains no secrets).",
        exception);
}
