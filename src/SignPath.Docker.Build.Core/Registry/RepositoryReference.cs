namespace SignPath.Docker.Build.Registry;

/// <summary>A repository on a registry: "localhost:5000" + "sample/app".</summary>
public sealed record RepositoryReference(string Registry, string Repository)
{
    /// <summary>registry/repository, the form cosign's docker-reference and Notary's GUN use.</summary>
    public override string ToString() => $"{Registry}/{Repository}";
}
