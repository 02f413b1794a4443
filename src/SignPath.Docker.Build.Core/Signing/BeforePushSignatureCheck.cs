using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// The signatures a checked signed layout must carry before anything is pushed: for every image sent, one signature of
/// each requested format (Notation; cosign as a Sigstore bundle or legacy simple signing), each verified.
/// </summary>
public static class BeforePushSignatureCheck
{
    public static void Verify(SignedLayout layout, BeforePushSigningOptions options)
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
