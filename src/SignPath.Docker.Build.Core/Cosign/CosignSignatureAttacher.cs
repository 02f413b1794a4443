using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// Does what <c>cosign attach signature</c> does: stores payload + signature as one more layer on the
/// image's <c>sha256-&lt;hex&gt;.sig</c> manifest, keeping every signature already there.
/// Spec: https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md.
/// </summary>
/// <remarks>
/// Request economy (7 requests for a new signature: GET tag, POST+PUT payload, POST+PUT config, HEAD tag, PUT
/// manifest): blobs the current signature manifest already references are not sent again, and the two small
/// blobs that are new are uploaded without an existence HEAD first, which would nearly always answer 404.
/// </remarks>
internal sealed class CosignSignatureAttacher(IRegistryClient registry, IProgressLog log)
{
    /// <summary>How often a concurrent writer may move the .sig tag under us before we give up.</summary>
    public const int MaxAttempts = 3;

    public async Task<CosignAttachResult> AttachAsync(
        RepositoryReference repository,
        string imageDigest,
        byte[] payload,
        byte[] signature,
        CancellationToken cancellationToken)
    {
        var tag = CosignSignatureTag.For(imageDigest);
        var payloadDigest = ContentDigest.Sha256(payload);
        var base64Signature = Convert.ToBase64String(signature);
        var uploaded = new HashSet<string>(StringComparer.Ordinal);

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var existing = await registry.GetManifestAsync(repository, tag, cancellationToken);
            var manifest = existing is null ? CosignSignatureManifest.Empty() : CosignSignatureManifest.Parse(existing, tag);
            if (manifest.Contains(payloadDigest, base64Signature))
            {
                log.Detail($"{repository}:{tag} already holds this signature; nothing to attach.");
                return new CosignAttachResult(tag, existing!.Digest, Added: false, manifest.Layers.Count);
            }

            var (next, config) = manifest.Append(payloadDigest, payload.Length, base64Signature);
            var present = manifest.ReferencedBlobs;
            await UploadUnlessPresentAsync(repository, payloadDigest, payload, present, uploaded, cancellationToken);
            await UploadUnlessPresentAsync(repository, ContentDigest.Sha256(config), config, present, uploaded, cancellationToken);

            // Registries have no conditional PUT. Re-reading the tag right before writing narrows the
            // window in which another signer's layer could be overwritten to one round trip.
            var current = await registry.HeadManifestAsync(repository, tag, cancellationToken);
            if (current?.Digest != existing?.Digest)
            {
                log.Detail($"{repository}:{tag} changed while attaching (attempt {attempt}); reading it again.");
                continue;
            }

            var digest = await registry.PutManifestAsync(repository, tag, next, cancellationToken);
            log.Detail($"Attached signature layer {payloadDigest} to {repository}:{tag} ({manifest.Layers.Count + 1} signature(s)).");
            return new CosignAttachResult(tag, digest, Added: true, manifest.Layers.Count + 1);
        }

        throw new SignPathDockerException(
            ErrorCodes.RegistryRequestFailed,
            $"The signature tag {repository}:{tag} kept changing while attaching; gave up after {MaxAttempts} attempts so that no other signature is overwritten.",
            "Another process is signing the same image at the same time. Run the build again.");
    }

    private async Task UploadUnlessPresentAsync(
        RepositoryReference repository,
        string digest,
        byte[] content,
        IReadOnlySet<string> referencedByManifest,
        HashSet<string> uploaded,
        CancellationToken cancellationToken)
    {
        if (referencedByManifest.Contains(digest) || !uploaded.Add(digest))
        {
            return;
        }

        await registry.UploadBlobAsync(repository, digest, content.Length, () => new MemoryStream(content, writable: false), cancellationToken);
    }
}
