using SignPath.Docker.Build.Crypto;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// Signs images the cosign way with a key that only SignPath holds: one signing request for all
/// images, every signature checked with the signing policy's key (or the pinned one) before the first one is
/// attached, so a failure pushes nothing.
/// </summary>
internal sealed class CosignSigningFlow(IRegistryClient registry, IArtifactSigningService signingService, SigningKeySource keys, IProgressLog log)
{
    public async Task<IReadOnlyList<CosignSignedImage>> SignAsync(
        IReadOnlyList<ImageToSign> images,
        CosignSigningOptions options,
        CancellationToken cancellationToken)
    {
        if (images.Count == 0)
        {
            throw new SignPathDockerException(ErrorCodes.NothingToSign, "There is no image to sign.", "PublishContainer must push an image to a registry first, or pass ContainerImageReference.");
        }

        // Asking for approval of an image the registry does not have would waste an approver's time; images the
        // SDK just pushed (or a HEAD already found) are not asked about again.
        var distinct = await ImageManifestResolver.EnsureExistAsync(
            registry,
            images.DistinctBy(i => (i.Repository, i.Digest)).ToList(),
            options.MaxParallelism,
            cancellationToken);

        // The key comes first: a policy whose key cannot check signatures must not cost an approver's time.
        var key = await keys.GetAsync(cancellationToken);
        var payloads = distinct.Select(i => SimpleSigningPayload.Create(i.Repository, i.Digest, options.Annotations)).ToList();
        log.Info($"Submitting {payloads.Count} cosign payload(s) to SignPath in one signing request.");
        var signedZip = await signingService.SignAsync(
            new ArtifactSigningRequest(
                options.ArtifactConfigurationSlug,
                CosignSigningArtifact.FileName,
                CosignSigningArtifact.Create(payloads),
                options.Description ?? $"cosign signatures for {string.Join(", ", distinct.Select(i => i.ToString()))}"),
            cancellationToken);

        var signatures = CosignSigningArtifact.ReadSignatures(signedZip, payloads).Select(CosignSignature.ToCosignForm).ToList();
        for (var i = 0; i < distinct.Count; i++)
        {
            SignatureVerifier.Verify(key, payloads[i], signatures[i], SignatureScheme.Cosign)
                .ThrowIfInvalid($"The cosign signature SignPath returned for {distinct[i]}", key, SignatureScheme.Cosign);
        }

        log.Detail($"{distinct.Count} cosign signature(s) verified with {key.Source} ({key.Description}).");

        var attacher = new CosignSignatureAttacher(registry, log);
        var results = new CosignSignedImage[distinct.Count];
        await RegistryParallelism.ForEachAsync(
            distinct.Count,
            options.MaxParallelism,
            async (i, token) =>
            {
                var image = distinct[i];
                var attached = await attacher.AttachAsync(image.Repository, image.Digest, payloads[i], signatures[i], token);
                var tags = images.Where(x => x.Repository == image.Repository && x.Digest == image.Digest).SelectMany(x => x.Tags).Distinct().ToList();
                results[i] = new CosignSignedImage(image with { Tags = tags }, attached);
                log.Info($"cosign signature {(attached.Added ? "attached" : "already present")}: {image.Repository}:{attached.Tag} ({attached.SignatureCount} signature(s)).");
            },
            cancellationToken);

        return results;
    }
}
