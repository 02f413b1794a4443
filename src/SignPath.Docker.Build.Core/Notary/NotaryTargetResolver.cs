using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// Turns images (digest + tags) into Notary targets per repository: target = tag, with the manifest's sha256
/// and length. Images without a tag are skipped, since Docker Content Trust signs tags.
/// </summary>
public static class NotaryTargetResolver
{
    public static async Task<IReadOnlyList<NotaryRepositoryTargets>> ResolveAsync(
        IRegistryClient registry, IReadOnlyList<ImageToSign> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(images);
        var repositories = new List<NotaryRepositoryTargets>();
        foreach (var group in images.GroupBy(image => image.Repository))
        {
            var targets = new Dictionary<string, TufFileMeta>(StringComparer.Ordinal);
            foreach (var image in group.Where(image => image.Tags.Count > 0))
            {
                // Notary targets carry the manifest's length: known already when the SDK pushed it or a HEAD
                // resolved the reference; otherwise a HEAD by digest gives it without a download.
                var size = image.Size ?? (await registry.HeadManifestAsync(image.Repository, image.Digest, cancellationToken)
                    ?? throw new SignPathDockerException(ErrorCodes.ManifestNotFound, $"{image} does not exist in the registry.", "Sign only images that were pushed.")).Size;
                var meta = TufFileMeta.ForSha256(Convert.FromHexString(ContentDigest.Split(image.Digest).Hex), size);
                foreach (var tag in image.Tags)
                {
                    targets[tag] = meta;
                }
            }

            if (targets.Count > 0)
            {
                repositories.Add(new NotaryRepositoryTargets(group.Key.ToString(), targets));
            }
        }

        if (repositories.Count == 0)
        {
            throw new SignPathDockerException(
                ErrorCodes.NothingToSign,
                "Docker Content Trust signs tags, and none of the images has one.",
                "Give image references with tags (registry/repository:tag).");
        }

        return repositories;
    }
}
