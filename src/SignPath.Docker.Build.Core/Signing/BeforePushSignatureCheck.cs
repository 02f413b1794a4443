using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Crypto;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notation;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// The signatures a checked signed layout must carry before anything is pushed: for every image sent, one signature of
/// each requested format (Notation; cosign as a Sigstore bundle or legacy simple signing), each verified.
/// </summary>
public static class BeforePushSignatureCheck
{
    /// <param name="cosignKey">The key cosign signatures must verify with (pinned, or the signing policy's); null checks shape and subject only.</param>
    public static void Verify(SignedLayout layout, BeforePushSigningOptions options, VerificationKey? cosignKey)
    {
        RequireEveryFormat(layout, options);
        foreach (var signature in layout.Signatures.Where(s => s.Kind == SignatureArtifactKind.CosignBundle))
        {
            try
            {
                CosignBundleVerifier.Verify(signature.SignatureLayer, signature.Subject.Digest, cosignKey);
            }
            catch (CosignBundleException e)
            {
                throw new SignPathDockerException(
                    ErrorCodes.CosignBundleInvalid,
                    $"The cosign signature bundle {signature.Digest} for {signature.Subject.Digest} does not verify: {e.Message}. Nothing was pushed.",
                    "Check that CosignPublicKey is the public key of the SignPath signing policy, or leave it empty to use the key SignPath reports.",
                    e);
            }
        }

        using var root = options.NotationRootCertificatePem is { } pem ? X509Certificate2.CreateFromPem(pem) : null;
        var notation = new NotationSignatureVerifier(root is null ? null : [root]);
        foreach (var signature in layout.Signatures.Where(s => s.Kind == SignatureArtifactKind.Notation))
        {
            var target = layout.Sent.Manifests[signature.Subject.Digest].Descriptor;
            try
            {
                notation.Verify(signature.Manifest.Layers[0].MediaType, signature.SignatureLayer, target);
            }
            catch (NotationFormatException e)
            {
                throw new SignPathDockerException(
                    ErrorCodes.NotationSignatureInvalid,
                    $"The Notation signature {signature.Digest} for {target.Digest} does not verify: {e.Message}. Nothing was pushed.",
                    root is null
                        ? "The signing service returned a broken signature; check the SignPath project's artifact configuration."
                        : "Check that NotationRootCertificate is the root of the SignPath signing policy's certificate chain.",
                    e);
            }
        }
    }

    private static void RequireEveryFormat(SignedLayout layout, BeforePushSigningOptions options)
    {
        foreach (var image in layout.Sent.Images.DistinctBy(i => i.Digest))
        {
            var signatures = layout.For(image.Digest);
            foreach (var format in options.Formats)
            {
                var kinds = format == SignatureFormatList.Notation
                    ? [SignatureArtifactKind.Notation]
                    : new[] { SignatureArtifactKind.CosignBundle, SignatureArtifactKind.CosignLegacy };
                if (!signatures.Any(s => kinds.Contains(s.Kind)))
                {
                    throw new SignPathDockerException(
                        ErrorCodes.SignatureMissing,
                        $"The signed layout has no {format} signature for {image.Digest} ('{image.RefName}'); nothing was pushed.",
                        $"Check that the SignPath artifact configuration has <{format}-sign tag=\"${{tag}}\" /> inside <oci-image-layout-archive-file>, or remove '{format}' from ContainerSignatureFormats.");
                }
            }
        }
    }
}
