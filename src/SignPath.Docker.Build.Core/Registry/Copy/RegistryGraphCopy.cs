using System.Collections.Concurrent;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Registry.Copy;

/// <summary>
/// Copies images and their signatures from an <see cref="IOciContentSource"/> into a repository the way
/// <c>oras cp -r</c> does, with the tags last: blobs (HEAD first, cross-repository mount where the base image
/// lives, streamed upload), manifests by digest with children before parents, signature manifests with a
/// <c>subject</c> (the referrers API where the registry has it, otherwise the merged <c>sha256-&lt;hex&gt;</c>
/// referrers tag), legacy cosign <c>.sig</c> layers appended, and only then the image tags.
/// </summary>
/// <remarks>
/// A failure at any request therefore leaves no new tag, or tags whose image and signatures are already in the
/// registry: untagged manifests are invisible to anyone pulling by tag, and a retry of the build pushes them again
/// (every step is idempotent). Distribution spec: https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md
/// </remarks>
internal sealed class RegistryGraphCopy(IRegistryClient registry, IProgressLog log, int maxParallelism = 4)
{
    private const int MaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>How often a concurrent writer may move a referrers tag under us before we give up.</summary>
    public const int MaxReferrersTagAttempts = 3;

    public async Task<GraphCopyResult> CopyAsync(IOciContentSource source, GraphCopyRequest request, CancellationToken cancellationToken)
    {
        var done = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var target = request.Target;
        foreach (var image in request.Images)
        {
            await CopyManifestAsync(source, target, image.Descriptor, request.MountFrom, done, cancellationToken);
        }

        var fallback = new Dictionary<string, List<ReferrerEntry>>(StringComparer.Ordinal);
        var viaApi = 0;
        foreach (var referrer in request.Referrers)
        {
            var content = ReadManifest(source, referrer);
            var links = ManifestLinks.Parse(content, referrer);
            var subject = links.Subject ?? throw new SignPathDockerException(
                ErrorCodes.InvalidSignedArtifact,
                $"Signature manifest {referrer.Digest} has no subject.",
                "Only signature artifacts that name the image they sign are pushed.");
            await PushBlobsAsync(source, target, links.Blobs, mountFrom: null, done, cancellationToken);
            if (await registry.PutReferrerManifestAsync(target, new RegistryManifest(referrer.MediaType, content), cancellationToken))
            {
                viaApi++;
                continue;
            }

            if (!fallback.TryGetValue(subject.Digest, out var entries))
            {
                fallback[subject.Digest] = entries = [];
            }

            entries.Add(new ReferrerEntry(referrer, links.ArtifactType, links.Annotations));
        }

        foreach (var (subject, entries) in fallback)
        {
            await UpdateReferrersTagAsync(target, subject, entries, cancellationToken);
        }

        var legacy = 0;
        var attacher = new CosignSignatureAttacher(registry, log);
        foreach (var signatures in request.LegacyCosignSignatures)
        {
            legacy += await AppendLegacyCosignAsync(source, target, signatures, attacher, cancellationToken);
        }

        var tagged = new List<string>();
        foreach (var image in request.Images)
        {
            var manifest = new RegistryManifest(image.Descriptor.MediaType, ReadManifest(source, image.Descriptor));
            foreach (var tag in image.Tags)
            {
                await registry.PutManifestAsync(target, tag, manifest, cancellationToken);
                tagged.Add(tag);
            }
        }

        log.Detail($"Pushed {request.Images.Count} image(s) and {request.Referrers.Count} signature manifest(s) to {target} " +
            $"({viaApi} through the referrers API, {fallback.Count} referrers tag(s) updated, {legacy} legacy cosign signature(s)); tagged {string.Join(", ", tagged)}.");
        return new GraphCopyResult(tagged, request.Referrers.Count, viaApi, fallback.Keys.Select(ReferrersTagIndex.TagFor).ToList());
    }

    private async Task CopyManifestAsync(
        IOciContentSource source,
        RepositoryReference target,
        ManifestDescriptor descriptor,
        string? mountFrom,
        ConcurrentDictionary<string, bool> done,
        CancellationToken cancellationToken)
    {
        if (done.ContainsKey(descriptor.Digest))
        {
            return;
        }

        var content = ReadManifest(source, descriptor);
        var links = ManifestLinks.Parse(content, descriptor);
        foreach (var child in links.Manifests)
        {
            await CopyManifestAsync(source, target, child, mountFrom, done, cancellationToken);
        }

        await PushBlobsAsync(source, target, links.Blobs, mountFrom, done, cancellationToken);
        await registry.PutManifestAsync(target, descriptor.Digest, new RegistryManifest(descriptor.MediaType, content), cancellationToken);
        done[descriptor.Digest] = true;
    }

    private async Task PushBlobsAsync(
        IOciContentSource source,
        RepositoryReference target,
        IReadOnlyList<ManifestDescriptor> blobs,
        string? mountFrom,
        ConcurrentDictionary<string, bool> done,
        CancellationToken cancellationToken)
    {
        var missing = blobs.DistinctBy(b => b.Digest).Where(b => done.TryAdd(b.Digest, false)).ToList();
        await Parallel.ForEachAsync(
            missing,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken },
            async (blob, token) =>
            {
                await registry.PushBlobAsync(target, blob.Digest, blob.Size, () => source.OpenBlob(blob.Digest), mountFrom, token);
                done[blob.Digest] = true;
            });
    }

    private async Task UpdateReferrersTagAsync(RepositoryReference target, string subject, IReadOnlyList<ReferrerEntry> entries, CancellationToken cancellationToken)
    {
        var tag = ReferrersTagIndex.TagFor(subject);
        for (var attempt = 1; attempt <= MaxReferrersTagAttempts; attempt++)
        {
            var existing = await registry.GetManifestAsync(target, tag, cancellationToken);
            var merged = ReferrersTagIndex.Merge(existing, tag, entries);
            if (merged is null)
            {
                log.Detail($"{target}:{tag} already lists these signatures.");
                return;
            }

            // Registries have no conditional PUT: re-reading the tag right before writing narrows the window in
            // which another writer's referrer could be dropped to one round trip (as the cosign attacher does).
            if (existing is not null && (await registry.HeadManifestAsync(target, tag, cancellationToken))?.Digest != existing.Digest)
            {
                log.Detail($"{target}:{tag} changed while merging (attempt {attempt}); reading it again.");
                continue;
            }

            await registry.PutManifestAsync(target, tag, merged, cancellationToken);
            return;
        }

        throw new SignPathDockerException(
            ErrorCodes.RegistryRequestFailed,
            $"The referrers tag {target}:{tag} kept changing while merging; gave up after {MaxReferrersTagAttempts} attempts so that no other signature is dropped.",
            "Another process is signing the same image at the same time. Run the build again; no image tag was changed.");
    }

    private static async Task<int> AppendLegacyCosignAsync(
        IOciContentSource source,
        RepositoryReference target,
        LegacyCosignSignatures signatures,
        CosignSignatureAttacher attacher,
        CancellationToken cancellationToken)
    {
        var content = ReadManifest(source, signatures.Manifest);
        var manifest = CosignSignatureManifest.Parse(new RegistryManifest(signatures.Manifest.MediaType, content), CosignSignatureTag.For(signatures.ImageDigest));
        var count = 0;
        foreach (var layer in manifest.Layers)
        {
            var digest = layer["digest"]!.GetValue<string>();
            var signature = layer["annotations"]?[CosignSignatureTag.SignatureAnnotation]?.GetValue<string>() ?? throw new SignPathDockerException(
                ErrorCodes.InvalidSignatureManifest,
                $"Legacy cosign signature layer {digest} for {signatures.ImageDigest} has no signature annotation.",
                "The signed layout is damaged; nothing was tagged.");
            await using var stream = source.OpenBlob(digest);
            using var payload = new MemoryStream();
            await stream.CopyToAsync(payload, cancellationToken);
            await attacher.AttachAsync(target, signatures.ImageDigest, payload.ToArray(), Convert.FromBase64String(signature), cancellationToken);
            count++;
        }

        return count;
    }

    private static byte[] ReadManifest(IOciContentSource source, ManifestDescriptor descriptor)
    {
        if (descriptor.Size is < 0 or > MaxManifestBytes)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidSignedArtifact,
                $"Manifest {descriptor.Digest} is {descriptor.Size} bytes; registries accept at most {MaxManifestBytes}.",
                "The image layout is damaged; nothing was pushed for it.");
        }

        using var stream = source.OpenBlob(descriptor.Digest);
        var content = new byte[descriptor.Size];
        stream.ReadExactly(content);
        if (stream.ReadByte() != -1 || !ContentDigest.Matches(descriptor.Digest, content))
        {
            throw new SignPathDockerException(
                ErrorCodes.DigestMismatch,
                $"Manifest {descriptor.Digest} in the image layout does not match its descriptor.",
                "The image layout changed or is damaged; nothing was tagged.");
        }

        return content;
    }
}

/// <summary>What a copy did: the tags it set, and how the signatures were made findable.</summary>
internal sealed record GraphCopyResult(IReadOnlyList<string> Tags, int Referrers, int ReferrersViaApi, IReadOnlyList<string> ReferrersTags);
