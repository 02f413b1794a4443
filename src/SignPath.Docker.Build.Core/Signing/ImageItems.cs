using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Signing;

/// <summary>The images a task was given, validated, and their digests and sizes as far as the build knows them.</summary>
public static class ImageItems
{
    public static IReadOnlyList<ImageItem> Parse(IReadOnlyList<ImageInput> items)
    {
        if (items.Count == 0)
        {
            throw new SignPathDockerException(
                ErrorCodes.NothingToSign,
                "No image to sign was given.",
                "Run PublishContainer with ContainerRegistry set (SignContainer=true signs what it pushed), or pass -p:ContainerImageReference=registry/repository:tag.");
        }

        return items.Select(item =>
        {
            var reference = ImageReference.Parse(item.Reference);
            var digest = item.Digest;
            if (string.IsNullOrEmpty(digest))
            {
                digest = reference.Digest;
            }
            else
            {
                ContentDigest.Validate(digest, "image");
                if (reference.Digest is not null && reference.Digest != digest)
                {
                    throw new SignPathDockerException(
                        ErrorCodes.InvalidImageReference,
                        $"Image '{item.Reference}' carries digest metadata {digest} that contradicts its reference.",
                        "Give the digest once, in the reference or in the Digest metadata.");
                }
            }

            var pushed = digest is not null && item.PushedByBuild;
            return new ImageItem(reference, digest, pushed, digest is null ? null : SizeOf(item.Manifest, digest));
        }).ToList();
    }

    /// <summary>Resolves tags without a known digest (one HEAD each, which also confirms the image) and groups tags per manifest.</summary>
    public static async Task<IReadOnlyList<ImageToSign>> ResolveDigestsAsync(
        IRegistryClient registry,
        IReadOnlyList<ImageItem> images,
        CancellationToken cancellationToken)
    {
        var resolved = new List<(RepositoryReference Repository, string Digest, string? Tag, bool KnownToExist, long? Size)>();
        foreach (var image in images)
        {
            if (image.Digest is not null)
            {
                resolved.Add((image.Reference.RepositoryReference, image.Digest, image.Reference.Tag, image.PushedByBuild, image.Size));
                continue;
            }

            var head = await registry.HeadManifestAsync(image.Reference.RepositoryReference, image.Reference.Reference, cancellationToken)
                ?? throw new SignPathDockerException(
                    ErrorCodes.ManifestNotFound,
                    $"Image {image.Reference} was not found in the registry.",
                    "Check the registry, repository and tag; the image must be pushed before it can be signed.");
            resolved.Add((image.Reference.RepositoryReference, head.Digest, image.Reference.Tag, true, head.Size));
        }

        return resolved
            .GroupBy(r => (r.Repository, r.Digest))
            .Select(g => new ImageToSign(g.Key.Repository, g.Key.Digest, g.Select(r => r.Tag).OfType<string>().Distinct().ToList())
            {
                KnownToExist = g.Any(r => r.KnownToExist),
                Size = g.Select(r => r.Size).FirstOrDefault(s => s is not null),
            })
            .ToList();
    }

    /// <summary>The manifest's length when the given text is exactly the manifest behind <paramref name="digest"/>.</summary>
    private static long? SizeOf(string? manifest, string digest)
    {
        if (string.IsNullOrEmpty(manifest))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(manifest);
        return ContentDigest.Matches(digest, bytes) ? bytes.LongLength : null;
    }
}

/// <summary>One Images item: the reference, its digest when known, and what the build already knows about it.</summary>
public sealed record ImageItem(ImageReference Reference, string? Digest, bool PushedByBuild, long? Size);
