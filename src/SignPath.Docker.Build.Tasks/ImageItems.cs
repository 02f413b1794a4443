using Microsoft.Build.Framework;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Tasks;

internal static class ImageItems
{
    public static IReadOnlyList<(ImageReference Reference, string? Digest)> Parse(ITaskItem[] items)
    {
        if (items.Length == 0)
        {
            throw new SignPathDockerException(
                ErrorCodes.NothingToSign,
                "No image to sign was given.",
                "Run PublishContainer with ContainerRegistry set (SignContainer=true signs what it pushed), or pass -p:ContainerImageReference=registry/repository:tag.");
        }

        return items.Select(item =>
        {
            var reference = ImageReference.Parse(item.ItemSpec);
            var digest = item.GetMetadata("Digest");
            if (string.IsNullOrEmpty(digest))
            {
                return (reference, reference.Digest);
            }

            ContentDigest.Validate(digest, "image");
            if (reference.Digest is not null && reference.Digest != digest)
            {
                throw new SignPathDockerException(
                    ErrorCodes.InvalidImageReference,
                    $"Image '{item.ItemSpec}' carries digest metadata {digest} that contradicts its reference.",
                    "Give the digest once, in the reference or in the Digest metadata.");
            }

            return (reference, digest);
        }).ToList();
    }

    /// <summary>Resolves tags without a known digest (one HEAD each) and groups tags per manifest.</summary>
    public static async Task<IReadOnlyList<ImageToSign>> ResolveDigestsAsync(
        IRegistryClient registry,
        IReadOnlyList<(ImageReference Reference, string? Digest)> images,
        CancellationToken cancellationToken)
    {
        var resolved = new List<(RepositoryReference Repository, string Digest, string? Tag)>();
        foreach (var (reference, knownDigest) in images)
        {
            var digest = knownDigest;
            if (digest is null)
            {
                var head = await registry.HeadManifestAsync(reference.RepositoryReference, reference.Reference, cancellationToken)
                    ?? throw new SignPathDockerException(
                        ErrorCodes.ManifestNotFound,
                        $"Image {reference} was not found in the registry.",
                        "Check the registry, repository and tag; the image must be pushed before it can be signed.");
                digest = head.Digest;
            }

            resolved.Add((reference.RepositoryReference, digest, reference.Tag));
        }

        return resolved
            .GroupBy(r => (r.Repository, r.Digest))
            .Select(g => new ImageToSign(g.Key.Repository, g.Key.Digest, g.Select(r => r.Tag).OfType<string>().Distinct().ToList()))
            .ToList();
    }
}
