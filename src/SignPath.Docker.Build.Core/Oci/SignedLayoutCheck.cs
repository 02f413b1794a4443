using System.Text.RegularExpressions;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Oci;

/// <summary>
/// Decides whether the layout a signing service returned may be pushed. It must contain what was sent, unchanged (every
/// blob is read against its digest, so "present" means byte-identical), every index.json entry sent with the same target,
/// and nothing else but signature artifacts for our images: referrers (Notation, Sigstore bundle) whose <c>subject</c> is one of
/// the images or platform manifests sent, or legacy cosign manifests tagged <c>sha256-&lt;hex&gt;.sig</c> for one of them.
/// SignPath's exact output is not documented, so any such signature is accepted wherever it sits (listed in index.json
/// or only present as a blob); anything that would change what was built is refused (SPD7002). Signatures are only
/// classified here; the Notation and cosign verifiers check them cryptographically.
/// </summary>
internal static partial class SignedLayoutCheck
{
    public static async Task<SignedLayout> CheckAsync(StrippedLayout sent, byte[] signedTar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(signedTar);
        using var signed = OciLayoutArchive.Open(signedTar, OciLayoutLimits.MetadataOnly, Refuse);
        try
        {
            return await CheckAsync(sent, signed, cancellationToken);
        }
        catch (OciFormatException e)
        {
            throw Refuse(e.Message, e);
        }
    }

    private static async Task<SignedLayout> CheckAsync(StrippedLayout sent, OciLayoutArchive signed, CancellationToken cancellationToken)
    {
        foreach (var blob in sent.Blobs)
        {
            if (!signed.Contains(blob))
            {
                throw Refuse($"blob {blob} that was sent is missing", null);
            }

            // Reading checks the digest: the returned copy is byte-identical or refused.
            await signed.ReadBlobAsync(blob, cancellationToken: cancellationToken);
        }

        foreach (var image in sent.Images)
        {
            if (!signed.Index.Manifests.Any(e => e.SameTarget(image) && e.RefName == image.RefName))
            {
                throw Refuse($"index.json no longer lists {image.Digest} as '{image.RefName}'", null);
            }
        }

        var signatures = new Dictionary<string, SignatureArtifact>(StringComparer.Ordinal);
        foreach (var entry in signed.Index.Manifests)
        {
            if (sent.Images.Any(image => image.SameTarget(entry) && image.RefName == entry.RefName) ||
                (entry.RefName is null && sent.Manifests.TryGetValue(entry.Digest, out var known) && known.Descriptor.SameTarget(entry)))
            {
                continue;
            }

            if (entry.RefName is { } refName && sent.Images.Any(image => image.RefName == refName) && !LegacySignatureTag().IsMatch(refName))
            {
                throw Refuse($"tag '{refName}' points to {entry.Digest}, which is not the image that was sent", null);
            }

            var artifact = await ReadSignatureAsync(sent, signed, entry, cancellationToken);
            signatures.TryAdd(artifact.Digest, artifact);
        }

        // A signature may also be present without an index.json entry; every manifest-shaped blob gets the same scrutiny.
        foreach (var digest in signed.BlobDigests.Where(d => !sent.Blobs.Contains(d) && !signatures.ContainsKey(d)))
        {
            var content = await signed.ReadBlobAsync(digest, cancellationToken: cancellationToken);
            if (LooksLikeManifest(content) is { } mediaType && !IsBlobOfAny(signatures.Values, digest))
            {
                var artifact = await ReadSignatureAsync(sent, signed, new OciDescriptor(mediaType, digest, content.Length), cancellationToken);
                signatures.TryAdd(artifact.Digest, artifact);
            }
        }

        return new SignedLayout(sent, [.. signatures.Values.OrderBy(s => s.Subject.Digest, StringComparer.Ordinal).ThenBy(s => s.Digest, StringComparer.Ordinal)]);
    }

    private static async Task<SignatureArtifact> ReadSignatureAsync(StrippedLayout sent, OciLayoutArchive signed, OciDescriptor entry, CancellationToken cancellationToken)
    {
        if (entry.MediaType != OciMediaTypes.ImageManifest)
        {
            throw Refuse($"it adds {entry.Digest} of type '{entry.MediaType}', which is not a signature manifest", null);
        }

        var read = await signed.ReadManifestAsync(entry, cancellationToken);
        var manifest = read.Manifest!;
        OciDescriptor subject;
        SignatureArtifactKind kind;
        string? tag = null;
        if (entry.RefName is { } refName && LegacySignatureTag().Match(refName) is { Success: true } legacy)
        {
            var imageDigest = "sha256:" + legacy.Groups[1].Value;
            if (!sent.Manifests.TryGetValue(imageDigest, out var image))
            {
                throw Refuse($"it adds the cosign signature tag '{refName}' for {imageDigest}, which is not an image that was sent", null);
            }

            if (manifest.Layers.Count == 0 || manifest.Layers.Any(l => l.MediaType != OciMediaTypes.CosignSimpleSigning))
            {
                throw Refuse($"the cosign signature manifest at '{refName}' has layers that are not simple-signing payloads", null);
            }

            subject = image.Descriptor with { Annotations = null, Platform = null, ArtifactType = null };
            kind = SignatureArtifactKind.CosignLegacy;
            tag = refName;
        }
        else
        {
            subject = manifest.Subject
                ?? throw Refuse($"it adds manifest {entry.Digest}, which is neither a signature referrer (no subject) nor a cosign signature tag", null);
            if (!sent.Manifests.TryGetValue(subject.Digest, out var image) || !image.Descriptor.SameTarget(subject))
            {
                throw Refuse($"signature {entry.Digest} has subject {subject.Digest} ({subject.MediaType}, {subject.Size} bytes), which is not an image that was sent", null);
            }

            kind = Classify(manifest, entry.Digest);
        }

        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var child in manifest.Children)
        {
            blobs[child.Digest] = child.Data
                ?? (child.Digest == OciMediaTypes.EmptyDigest && !signed.Contains(child.Digest)
                    ? "{}"u8.ToArray()
                    : await signed.ReadBlobAsync(child.Digest, cancellationToken: cancellationToken));
            if (blobs[child.Digest].Length != child.Size)
            {
                throw Refuse($"blob {child.Digest} of signature {entry.Digest} does not have the size its descriptor says", null);
            }
        }

        var descriptor = new OciDescriptor(entry.MediaType, entry.Digest, entry.Size) { ArtifactType = manifest.ArtifactType };
        return new SignatureArtifact(kind, descriptor, read.Content, manifest, subject, blobs) { Tag = tag };
    }

    private static SignatureArtifactKind Classify(OciImageManifest manifest, string digest)
    {
        var artifactType = manifest.EffectiveArtifactType;
        if (artifactType == OciMediaTypes.NotationSignature)
        {
            if (manifest.ArtifactType is not null && manifest.Config.MediaType != OciMediaTypes.Empty)
            {
                throw Refuse($"Notation signature {digest} has artifactType set and a config that is not the empty descriptor", null);
            }

            return manifest.Layers is [{ MediaType: OciMediaTypes.JwsEnvelope or OciMediaTypes.CoseEnvelope }]
                ? SignatureArtifactKind.Notation
                : throw Refuse($"Notation signature {digest} must have exactly one JWS or COSE envelope layer", null);
        }

        if (artifactType.StartsWith(OciMediaTypes.SigstoreBundlePrefix, StringComparison.Ordinal))
        {
            return manifest.Layers is [var layer] && layer.MediaType.StartsWith(OciMediaTypes.SigstoreBundlePrefix, StringComparison.Ordinal)
                ? SignatureArtifactKind.CosignBundle
                : throw Refuse($"cosign signature {digest} must have exactly one Sigstore bundle layer", null);
        }

        throw Refuse($"it adds {digest} of artifact type '{artifactType}', which is not a Notation or cosign signature", null);
    }

    private static string? LooksLikeManifest(byte[] content)
    {
        try
        {
            using var document = OciJson.Parse(content, "blob", OciImageManifest.MaxBytes);
            var root = document.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object || !root.TryGetProperty("schemaVersion", out _))
            {
                return null;
            }

            return root.TryGetProperty("mediaType", out var mediaType) && mediaType.ValueKind == System.Text.Json.JsonValueKind.String
                ? mediaType.GetString()
                : OciMediaTypes.ImageManifest;
        }
        catch (OciFormatException)
        {
            return null;
        }
    }

    private static bool IsBlobOfAny(IEnumerable<SignatureArtifact> artifacts, string digest) =>
        artifacts.Any(a => a.Blobs.ContainsKey(digest));

    private static SignPathDockerException Refuse(string reason, Exception? inner) => new(
        ErrorCodes.SignedLayoutRefused,
        $"The signed OCI layout returned by the signing service was refused: {reason}. Nothing was pushed.",
        "The artifact configuration must be <oci-image-layout-archive-file> with <notation-sign> and/or <cosign-sign>; it may only add signatures.",
        inner);

    [GeneratedRegex("^sha256-([a-f0-9]{64})\\.sig$")]
    private static partial Regex LegacySignatureTag();
}
