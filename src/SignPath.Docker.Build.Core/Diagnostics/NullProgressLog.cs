namespace SignPath.Docker.Build.Diagnostics;

internal sealed class NullProgressLog : IProgressLog
{
    public static readonly NullProgressLog Instance = new();

    private NullProgressLog()
    {
    }

    public void Info(string message)
    {
    }

    public void Detail(string message)
    {
    }

    public void Warning(string code, string message)
    {
    }
}
