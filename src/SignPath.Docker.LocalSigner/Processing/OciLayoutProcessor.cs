using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Notation;
using SignPath.Docker.Build.Oci;
using SignPath.Docker.LocalSigner.Faults;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// SignPath's <c>&lt;oci-image-layout-archive-file&gt;</c> configuration with <c>&lt;notation-sign tag="${tag}"/&gt;</c> and/or
/// <c>&lt;cosign-sign tag="${tag}"/&gt;</c>: the artifact is an OCI image layout tar (layers may be stripped); every image
/// index.json lists under the tag given as the <c>tag</c> parameter gets a Notation JWS (or, for the <c>-cose</c>
/// configurations, COSE) signature (chain of
/// <see cref="NotationSigningChain"/>) and/or a cosign v3 signature bundle (key of <see cref="CosignSigningKey"/>), each as a
/// referrer manifest added to the layout and listed in index.json without a ref name, as <c>notation sign --oci-layout</c>
/// and oras do; or, for the <c>-cosign-legacy</c> configurations, a cosign <c>.sig</c> manifest (<see cref="CosignLegacySignature"/>). SignPath's exact output is not documented; this is the contract the package is tested against, and the
/// package accepts any valid variant of it.
/// </summary>
public sealed class OciLayoutProcessor : IArtifactProcessor
{
    public const string TagParameter = "tag";
    private const string SigningAgent = "SignPath.Docker.LocalSigner";
    private const long MaxLayoutBlobBytes = 64L * 1024 * 1024;

    private readonly bool notation;
    private readonly bool notationCose;
    private readonly CosignLayoutFormat cosign;
    private readonly NotationSigningChain chain;
    private readonly CosignSigningKey cosignKey;
    private readonly TimeProvider time;

    /// <param name="notationCose">Notation envelopes in COSE (application/cose) instead of JWS: SignPath's choice is not documented.</param>
    public OciLayoutProcessor(string slug, bool notation, CosignLayoutFormat cosign, NotationSigningChain chain, CosignSigningKey cosignKey, TimeProvider time, bool notationCose = false)
    {
        Slug = slug;
        this.notation = notation;
        this.notationCose = notationCose;
        this.cosign = cosign;
        this.chain = chain;
        this.cosignKey = cosignKey;
        this.time = time;
    }

    public string Slug { get; }

    public async Task<ArtifactProcessingOutcome> ProcessAsync(ArtifactProcessingContext context, Stream signedArtifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signedArtifact);
        using var input = new MemoryStream();
        await context.UnsignedArtifact.CopyToAsync(input, cancellationToken);
        var tar = input.ToArray();
        if (!context.Parameters.TryGetValue(TagParameter, out var tag) || string.IsNullOrEmpty(tag))
        {
            return ArtifactProcessingOutcome.Failed($"The artifact configuration signs the image tagged ${{{TagParameter}}}, but the request has no '{TagParameter}' parameter.");
        }

        OciLayoutArchive layout;
        IReadOnlyList<OciDescriptor> targets;
        try
        {
            layout = OciLayoutArchive.Open(
                tar,
                OciLayoutLimits.MetadataOnly with { MaxBlobBytes = MaxLayoutBlobBytes, MaxTotalBytes = MaxLayoutBlobBytes },
                (reason, inner) => new InvalidArtifactException($"The artifact is not an OCI image layout archive: {reason}.", inner));
            targets = [.. layout.Index.Manifests.Where(m => m.RefName == tag).DistinctBy(m => m.Digest)];
            if (targets.Count == 0)
            {
                return ArtifactProcessingOutcome.Failed($"No image in the layout's index.json is tagged '{tag}' (org.opencontainers.image.ref.name).");
            }

            foreach (var target in targets)
            {
                await layout.ReadManifestAsync(target, cancellationToken);
            }
        }
        catch (InvalidArtifactException e)
        {
            return ArtifactProcessingOutcome.Failed(e.Message);
        }

        if (context.LayoutFault == FaultKinds.LayoutUnsigned)
        {
            await signedArtifact.WriteAsync(tar, cancellationToken);
            return ArtifactProcessingOutcome.Completed;
        }

        using var writer = new OciLayoutWriter(signedArtifact, leaveOpen: true);
        foreach (var digest in layout.BlobDigests)
        {
            await using var blob = layout.OpenBlob(digest);
            await writer.AddBlobAsync(digest, blob, cancellationToken);
        }

        var index = layout.Index.Manifests.ToList();
        if (context.LayoutFault == FaultKinds.LayoutTampered)
        {
            targets = [Tamper(writer, index, targets[0], await layout.ReadBlobAsync(targets[0].Digest, cancellationToken: cancellationToken), tag)];
        }

        var now = time.GetUtcNow();
        foreach (var target in targets)
        {
            var subject = new OciDescriptor(target.MediaType, target.Digest, target.Size);
            var skipNotation = context.LayoutFault == FaultKinds.LayoutMissing && notation;
            if (notation && !skipNotation)
            {
                index.Add(AddManifest(writer, SignNotation(writer, subject, now, context.LayoutFault == FaultKinds.LayoutWrongKey)));
            }

            if (cosign != CosignLayoutFormat.None && !(context.LayoutFault == FaultKinds.LayoutMissing && !notation))
            {
                index.Add(cosign == CosignLayoutFormat.LegacySignatureTag
                    ? CosignLegacySignature.Add(writer, target, cosignKey)
                    : AddManifest(writer, SignCosign(writer, subject, now, context.LayoutFault == FaultKinds.LayoutWrongKey)));
            }

            if (context.LayoutFault == FaultKinds.LayoutExtra)
            {
                var sbom = writer.AddBlob("application/spdx+json", Encoding.UTF8.GetBytes("{\"spdxVersion\":\"SPDX-2.3\"}"));
                writer.AddBlob(OciMediaTypes.Empty, "{}"u8.ToArray());
                index.Add(AddManifest(writer, OciArtifactManifest.Create("application/spdx+json", sbom, subject, null)));
            }
        }

        writer.Complete(index);
        return ArtifactProcessingOutcome.Completed;
    }

    private byte[] SignNotation(OciLayoutWriter writer, OciDescriptor subject, DateTimeOffset now, bool wrongKey)
    {
        var (root, leaf, key) = wrongKey ? NotationSigningChain.Create("Wrong", now) : (chain.Root, chain.Leaf, chain.LeafKey);
        try
        {
            var envelope = notationCose
                ? NotationCoseSigning.Sign(NotationPayload.Create(subject), [leaf, root], key, now, SigningAgent)
                : JwsEnvelope.Create(
                    JwsProtectedHeader.Create(JwsAlgorithm.ES256, now),
                    NotationPayload.Create(subject),
                    [leaf, root],
                    input => key.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                    SigningAgent);
            var mediaType = notationCose ? NotationCoseSigning.MediaType : OciMediaTypes.JwsEnvelope;
            writer.AddBlob(mediaType, envelope);
            return NotationSignatureManifest.Create(subject, envelope, [leaf, root], now, mediaType);
        }
        finally
        {
            if (wrongKey)
            {
                root.Dispose();
                leaf.Dispose();
                key.Dispose();
            }
        }
    }

    private byte[] SignCosign(OciLayoutWriter writer, OciDescriptor subject, DateTimeOffset now, bool wrongKey)
    {
        var statement = InTotoStatement.ForImage(subject.Digest);
        var pae = DssePreAuthEncoding.Encode(InTotoStatement.PayloadType, statement);
        byte[] signature;
        byte[] spki;
        if (wrongKey)
        {
            using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            signature = other.SignData(pae, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            spki = other.ExportSubjectPublicKeyInfo();
        }
        else
        {
            signature = cosignKey.Sign(pae);
            spki = cosignKey.SubjectPublicKeyInfo;
        }

        var bundle = SigstoreBundle.Create(statement, signature, SigstoreBundle.KeyHintFor(spki));
        writer.AddBlob(OciMediaTypes.SigstoreBundleV03, bundle);
        return CosignBundleManifest.Create(subject, bundle, now);
    }

    private static OciDescriptor AddManifest(OciLayoutWriter writer, byte[] manifest)
    {
        writer.AddBlob(OciMediaTypes.Empty, "{}"u8.ToArray());
        return writer.AddBlob(OciMediaTypes.ImageManifest, manifest);
    }

    /// <summary>Fault: the image itself changed (an annotation added to its manifest), the tag moved to it, and that is what gets signed.</summary>
    private static OciDescriptor Tamper(OciLayoutWriter writer, List<OciDescriptor> index, OciDescriptor target, byte[] manifest, string tag)
    {
        var node = JsonNode.Parse(manifest)!.AsObject();
        node["annotations"] = new JsonObject { ["tampered-by"] = "signing service" };
        var tampered = writer.AddBlob(target.MediaType, Encoding.UTF8.GetBytes(node.ToJsonString()));
        for (var i = 0; i < index.Count; i++)
        {
            if (index[i].RefName == tag && index[i].Digest == target.Digest)
            {
                index[i] = index[i] with { Digest = tampered.Digest, Size = tampered.Size };
            }
        }

        return index.First(e => e.Digest == tampered.Digest);
    }
}
