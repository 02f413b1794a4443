using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Signing;

/// <summary>An image manifest (or index) to sign, with the tags that point at it for reporting.</summary>
public sealed record ImageToSign(RepositoryReference Repository, string Digest, IReadOnlyList<string> Tags)
{
    /// <summary>
    /// Byte length of the manifest when already known (from a HEAD made while resolving the reference, or the
    /// manifest the SDK pushed), so that no flow has to ask the registry again. Null: not known yet.
    /// </summary>
    public long? Size { get; init; }

    /// <summary>
    /// True when the registry is known to hold the manifest: the .NET SDK just pushed it, or a HEAD found it.
    /// Flows skip their own existence check then.
    /// </summary>
    public bool KnownToExist { get; init; }

    public override string ToString() => $"{Repository}@{Digest}";
}
