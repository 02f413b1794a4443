using System.Text.RegularExpressions;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Registry;

/// <summary>
/// An image reference as docker writes it: [registry/]repository[:tag][@digest].
/// Without a registry part the image is on Docker Hub ("docker.io", "library/" for single names).
/// </summary>
public sealed partial record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    public RepositoryReference RepositoryReference => new(Registry, Repository);

    /// <summary>The tag or the digest, whichever addresses the manifest (digest wins).</summary>
    public string Reference => Digest ?? Tag ?? "latest";

    public static ImageReference Parse(string value)
    {
        if (!TryParse(value, out var reference, out var problem))
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidImageReference,
                $"'{value}' is not a valid image reference: {problem}",
                "Use registry/repository:tag or registry/repository@sha256:<hex>, e.g. localhost:5000/sample/app:1.0.");
        }

        return reference;
    }

    public static bool TryParse(string? value, out ImageReference reference, out string problem)
    {
        reference = null!;
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "it is empty";
            return false;
        }

        var rest = value.Trim();
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!ContentDigest.IsValid(digest))
            {
                problem = $"'{digest}' is not a digest (sha256:<64 hex>)";
                return false;
            }
        }

        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                problem = $"'{tag}' is not a valid tag";
                return false;
            }
        }

        string registry;
        string repository;
        var firstSlash = rest.IndexOf('/', StringComparison.Ordinal);
        var first = firstSlash < 0 ? string.Empty : rest[..firstSlash];
        if (firstSlash > 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" || first.StartsWith('[')))
        {
            registry = first;
            repository = rest[(firstSlash + 1)..];
        }
        else
        {
            registry = DockerHub;
            repository = rest.Contains('/', StringComparison.Ordinal) ? rest : "library/" + rest;
        }

        if (registry is "index.docker.io" or "registry-1.docker.io")
        {
            registry = DockerHub;
        }

        if (!RepositoryPattern().IsMatch(repository))
        {
            problem = $"'{repository}' is not a valid repository name (lowercase letters, digits, '.', '_', '-' and '/' separators)";
            return false;
        }

        if (!RegistryPattern().IsMatch(registry))
        {
            problem = $"'{registry}' is not a valid registry host";
            return false;
        }

        reference = new ImageReference(registry, repository, tag, digest);
        return true;
    }

    public ImageReference WithDigest(string digest) => this with { Digest = ContentDigest.Validate(digest, "image") };

    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? string.Empty : ":" + Tag)}{(Digest is null ? string.Empty : "@" + Digest)}";

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]{1,5})?$")]
    private static partial Regex RegistryPattern();
}
