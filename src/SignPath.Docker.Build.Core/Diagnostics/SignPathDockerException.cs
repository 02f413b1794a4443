namespace SignPath.Docker.Build.Diagnostics;

/// <summary>
/// A failure the user can act on. <see cref="Code"/> becomes the MSBuild error code (SPDxxxx) and
/// <see cref="Hint"/> tells what to change. Messages must never contain secrets.
/// </summary>
public class SignPathDockerException : Exception
{
    public SignPathDockerException(string code, string message, string? hint = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Hint = hint;
    }

    public string Code { get; }

    public string? Hint { get; }
}
