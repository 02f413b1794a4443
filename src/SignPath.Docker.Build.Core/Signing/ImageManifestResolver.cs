using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// Makes sure each image is confirmed in the registry with its manifest size, asking the registry (one HEAD by
/// digest) only for images whose size is not known yet, so that a build signing in several formats checks each
/// manifest once.
/// </summary>
internal static class ImageManifestResolver
{
    /// <summary>
    /// Sizes for the images with tags (Docker Content Trust signs tags; an untagged platform manifest of a
    /// multi-arch image needs none), one HEAD each unless the size is already known.
    /// </summary>
    public static Task<IReadOnlyList<ImageToSign>> WithSizesOfTaggedAsync(
        IRegistryClient registry,
        IReadOnlyList<ImageToSign> images,
        int maxParallelism,
        CancellationToken cancellationToken)
        => HeadWhereAsync(registry, images, image => image.Size is null && image.Tags.Count > 0, maxParallelism, cancellationToken);

    /// <summary>Images not known to exist are HEADed; the others are trusted as they are.</summary>
    public static Task<IReadOnlyList<ImageToSign>> EnsureExistAsync(
        IRegistryClient registry,
        IReadOnlyList<ImageToSign> images,
        int maxParallelism,
        CancellationToken cancellationToken)
        => HeadWhereAsync(registry, images, image => !image.KnownToExist, maxParallelism, cancellationToken);

    private static async Task<IReadOnlyList<ImageToSign>> HeadWhereAsync(
        IRegistryClient registry,
        IReadOnlyList<ImageToSign> images,
        Func<ImageToSign, bool> needsHead,
        int maxParallelism,
        CancellationToken cancellationToken)
    {
        var result = new ImageToSign[images.Count];
        await RegistryParallelism.ForEachAsync(
            images.Count,
            maxParallelism,
            async (i, token) => result[i] = needsHead(images[i]) ? await HeadAsync(registry, images[i], token) : images[i],
            cancellationToken);
        return result;
    }

    private static async Task<ImageToSign> HeadAsync(IRegistryClient registry, ImageToSign image, CancellationToken cancellationToken)
    {
        var found = await registry.HeadManifestAsync(image.Repository, image.Digest, cancellationToken)
            ?? throw new SignPathDockerException(
                ErrorCodes.ManifestNotFound,
                $"{image} does not exist in the registry.",
                "Sign only images that were pushed to the registry (ContainerRegistry set, no ContainerArchiveOutputPath).");
        return image with { Size = found.Size, KnownToExist = true };
    }
}
