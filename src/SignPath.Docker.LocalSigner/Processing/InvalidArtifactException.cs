namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>The submitted artifact cannot be processed; the message becomes the request's failure reason.</summary>
public sealed class InvalidArtifactException : Exception
{
    public InvalidArtifactException(string message)
        : base(message)
    {
    }

    public InvalidArtifactException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public InvalidArtifactException()
    {
    }
}
