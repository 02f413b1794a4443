using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// The tag and annotation under which cosign stores an image's signatures.
/// Spec: https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md.
/// </summary>
internal static class CosignSignatureTag
{
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    /// <summary>The tag cosign stores an image's signatures under: sha256:&lt;hex&gt; → sha256-&lt;hex&gt;.sig.</summary>
    public static string For(string imageDigest)
    {
        var (algorithm, hex) = ContentDigest.Split(imageDigest);
        return $"{algorithm}-{hex}.sig";
    }
}
