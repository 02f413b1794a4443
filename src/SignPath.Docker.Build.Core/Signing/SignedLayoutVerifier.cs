using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Crypto;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notation;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// The cryptographic half of accepting a signed layout (the structural half is <see cref="SignedLayoutCheck"/>): every
/// signature present must verify for its subject — Notation with <see cref="NotationSignatureVerifier"/> (chain to the
/// pinned root when given), cosign bundles and legacy cosign signatures with the signing policy's key when known — and
/// every image sent (each index.json entry) must carry at least one valid signature of each requested format.
/// </summary>
internal sealed class SignedLayoutVerifier
{

    private readonly NotationSignatureVerifier notation;
    private readonly VerificationKey? cosignKey;

    /// <param name="notation">Verifier with the trusted root (NotationRootCertificate) when one is pinned.</param>
    /// <param name="cosignKey">CosignPublicKey or the policy's key from SignPath; null checks the cosign signatures' shape and subject only.</param>
    public SignedLayoutVerifier(NotationSignatureVerifier notation, VerificationKey? cosignKey)
    {
        this.notation = notation;
        this.cosignKey = cosignKey;
    }

    /// <summary>Throws SPD7003 / SPD7004 for a signature that does not verify, SPD7005 for an image left without a requested format.</summary>
    /// <param name="requireNotation">ContainerSignatureFormats includes notation.</param>
    /// <param name="requireCosign">ContainerSignatureFormats includes cosign (a bundle or a legacy signature counts).</param>
    public void Verify(SignedLayout layout, bool requireNotation, bool requireCosign)
    {
        ArgumentNullException.ThrowIfNull(layout);
        foreach (var signature in layout.Signatures)
        {
            VerifyOne(signature);
        }

        foreach (var image in layout.Sent.Images.DistinctBy(i => i.Digest))
        {
            var kinds = layout.For(image.Digest).Select(s => s.Kind).ToHashSet();
            var missing = new List<string>();
            if (requireNotation && !kinds.Contains(SignatureArtifactKind.Notation))
            {
                missing.Add("notation");
            }

            if (requireCosign && !kinds.Contains(SignatureArtifactKind.CosignBundle) && !kinds.Contains(SignatureArtifactKind.CosignLegacy))
            {
                missing.Add("cosign");
            }

            if (missing.Count > 0)
            {
                var name = image.Annotations?.GetValueOrDefault("io.containerd.image.name") ?? image.RefName ?? image.Digest;
                throw new SignPathDockerException(
                    ErrorCodes.SignatureMissing,
                    $"The signed OCI layout has no {string.Join(" and no ", missing)} signature for {name} ({image.Digest}). Nothing was pushed.",
                    "The artifact configuration must contain <notation-sign> and/or <cosign-sign> for every format in ContainerSignatureFormats, with tag set to the image's tag (the 'tag' parameter).");
            }
        }
    }

    private void VerifyOne(SignatureArtifact signature)
    {
        try
        {
            switch (signature.Kind)
            {
                case SignatureArtifactKind.Notation:
                    notation.Verify(signature.Manifest.Layers[0].MediaType, signature.SignatureLayer, signature.Subject);
                    break;
                case SignatureArtifactKind.CosignBundle:
                    CosignBundleVerifier.Verify(signature.SignatureLayer, signature.Subject.Digest, cosignKey);
                    break;
                default:
                    VerifyLegacy(signature);
                    break;
            }
        }
        catch (NotationFormatException e)
        {
            throw Refused(ErrorCodes.NotationSignatureInvalid, "Notation", signature, e.Message, e,
                "The signing policy's certificate chain must follow the Notary Project certificate rules; set NotationRootCertificate to the root certificate of that chain.");
        }
        catch (CosignBundleException e)
        {
            throw Refused(ErrorCodes.CosignBundleInvalid, "cosign", signature, e.Message, e,
                "The signature must be made by the signing policy's key; check SignPathSigningPolicySlug and CosignPublicKey.");
        }
    }

    private void VerifyLegacy(SignatureArtifact signature)
    {
        foreach (var layer in signature.Manifest.Layers)
        {
            var payload = signature.Blobs[layer.Digest];
            if (SimpleSigningPayload.ReadClaimedDigest(payload) != signature.Subject.Digest)
            {
                throw new CosignBundleException($"a simple-signing payload does not claim {signature.Subject.Digest}");
            }

            if (cosignKey is null)
            {
                continue;
            }

            if (layer.Annotations?.GetValueOrDefault(CosignSignatureTag.SignatureAnnotation) is not { } encoded)
            {
                throw new CosignBundleException($"layer {layer.Digest} has no {CosignSignatureTag.SignatureAnnotation} annotation");
            }

            byte[] signatureBytes;
            try
            {
                signatureBytes = Convert.FromBase64String(encoded);
            }
            catch (FormatException e)
            {
                throw new CosignBundleException($"the signature annotation of layer {layer.Digest} is not base64", e);
            }

            var check = SignatureVerifier.Verify(cosignKey, payload, signatureBytes, SignatureScheme.Cosign);
            if (!check.IsValid)
            {
                throw new CosignBundleException($"the signature was refused: {check.Reason}");
            }
        }
    }

    private static SignPathDockerException Refused(string code, string format, SignatureArtifact signature, string reason, Exception inner, string hint) => new(
        code,
        $"The {format} signature {signature.Digest} that SignPath returned for {signature.Subject.Digest} was refused: {reason}. Nothing was pushed.",
        hint,
        inner);
}
