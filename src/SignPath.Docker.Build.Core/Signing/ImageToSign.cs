using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Signing;

/// <summary>An image manifest (or index) to sign, with the tags that point at it for reporting.</summary>
public sealed record ImageToSign(RepositoryReference Repository, string Digest, IReadOnlyList<string> Tags)
{
    public override string ToString() => $"{Repository}@{Digest}";
}
