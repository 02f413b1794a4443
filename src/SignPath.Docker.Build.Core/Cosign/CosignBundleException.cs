namespace SignPath.Docker.Build.Cosign;

/// <summary>A Sigstore bundle that is malformed or does not verify; the message says why.</summary>
internal sealed class CosignBundleException : FormatException
{
    public CosignBundleException(string message)
        : base(message)
    {
    }

    public CosignBundleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CosignBundleException()
    {
    }
}
