using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// One OCI image layout tar to sign before push, and where its images go: the repository, and optionally a
/// repository on the same registry holding the base image's layers (mounted rather than uploaded).
/// </summary>
public sealed record LayoutInput(string Path, RepositoryReference Target, string? MountFrom)
{
    public static LayoutInput Create(string path, string? registry, string? repository, string? mountFrom)
    {
        if (string.IsNullOrWhiteSpace(registry) || string.IsNullOrWhiteSpace(repository))
        {
            throw new SignPathDockerException(
                ErrorCodes.NotPushedToRegistry,
                $"The OCI image layout '{path}' has no destination: ContainerRegistry and ContainerRepository must both be set.",
                "Set ContainerRegistry (e.g. -p:ContainerRegistry=registry.example.com); ContainerRepository defaults to the project name.");
        }

        var reference = ImageReference.Parse($"{registry.Trim()}/{repository.Trim()}");
        if (!File.Exists(path))
        {
            throw new SignPathDockerException(
                ErrorCodes.NoLayoutToSign,
                $"The OCI image layout '{path}' does not exist.",
                "Run PublishContainer with SignContainerBeforePush=true first; it writes the layout under obj/.");
        }

        return new LayoutInput(System.IO.Path.GetFullPath(path), reference.RepositoryReference, string.IsNullOrWhiteSpace(mountFrom) ? null : mountFrom.Trim());
    }

    /// <summary>The solution targets' form: <c>registry/repository|mount-from|path</c>.</summary>
    public static LayoutInput Parse(string spec)
    {
        var parts = spec.Split('|', 3);
        if (parts.Length != 3)
        {
            throw new SignPathDockerException(
                ErrorCodes.NoLayoutToSign,
                $"'{spec}' is not registry/repository|mount-from|path.",
                "This form comes from the solution targets; pass layouts as items with Registry and Repository metadata instead.");
        }

        var slash = parts[0].IndexOf('/', StringComparison.Ordinal);
        return slash <= 0
            ? Create(parts[2], null, null, null)
            : Create(parts[2], parts[0][..slash], parts[0][(slash + 1)..], parts[1]);
    }
}
