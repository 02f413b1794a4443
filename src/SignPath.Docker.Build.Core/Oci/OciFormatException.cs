namespace SignPath.Docker.Build.Oci;

/// <summary>
/// OCI content (a descriptor, manifest, index or layout) that does not follow the image spec. Callers turn it
/// into a <see cref="Diagnostics.SignPathDockerException"/> with the code of whatever they were reading.
/// </summary>
internal sealed class OciFormatException : FormatException
{
    public OciFormatException(string message)
        : base(message)
    {
    }

    public OciFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OciFormatException()
    {
    }
}
