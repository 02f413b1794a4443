namespace SignPath.Docker.Build.Notation;

/// <summary>A Notary Project signature that is malformed or does not verify; the message says which rule it broke.</summary>
internal sealed class NotationFormatException : FormatException
{
    public NotationFormatException(string message)
        : base(message)
    {
    }

    public NotationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NotationFormatException()
    {
    }
}
