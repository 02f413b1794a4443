namespace SignPath.Docker.Build.Signing;

/// <summary>
/// One line the native signer process writes on stdout (JSON): what the task turns into MSBuild messages,
/// warnings, errors and SignedImages items. The task sends the inputs, and later perhaps "cancel", on stdin.
/// </summary>
public sealed record SignerEvent(string Kind, string? Message = null, string? Code = null, string? Hint = null, SignedImageOutput? Image = null)
{
    /// <summary>First line, before the inputs are read: the process started and speaks this protocol.</summary>
    public const string Ready = "ready";

    public const string Info = "info";

    public const string Detail = "detail";

    public const string Warning = "warning";

    /// <summary>The signing failed with Code, Message and Hint; nothing follows.</summary>
    public const string Error = "error";

    /// <summary>The signing stopped because the task asked it to; nothing follows.</summary>
    public const string Canceled = "canceled";

    public const string SignedImage = "signed";

    /// <summary>
    /// Every image is signed (the "signed" lines came before); nothing follows. The task returns on this line
    /// rather than on the end of stdout, so the build does not wait for the process to exit.
    /// </summary>
    public const string Done = "done";

    /// <summary>The stdin line that cancels the signing (the task's Cancel, i.e. Ctrl+C in the build).</summary>
    public const string CancelCommand = "cancel";
}
