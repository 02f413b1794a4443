namespace SignPath.Docker.Build.Oci;

/// <summary>
/// Media and artifact types of the OCI image spec (https://github.com/opencontainers/image-spec/blob/v1.1.1/media-types.md)
/// and of the signature formats stored as OCI artifacts (Notary Project, Sigstore bundle, cosign simple signing).
/// </summary>
public static class OciMediaTypes
{
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";
    public const string ImageConfig = "application/vnd.oci.image.config.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";

    /// <summary>The empty descriptor's type; its blob is the two bytes <c>{}</c> (image-spec manifest.md, "Guidance for an Empty Descriptor").</summary>
    public const string Empty = "application/vnd.oci.empty.v1+json";
    public const string EmptyDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    public const long EmptySize = 2;

    /// <summary>Notary Project signature artifact and its JWS or COSE envelope (notaryproject/specifications signature-specification.md).</summary>
    public const string NotationSignature = "application/vnd.cncf.notary.signature";
    public const string JwsEnvelope = "application/jose+json";
    public const string CoseEnvelope = "application/cose";

    /// <summary>Sigstore bundle v0.3, what <c>cosign sign</c> stores as a referrer since v3 (cosign specs/BUNDLE_SPEC.md).</summary>
    public const string SigstoreBundleV03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
    public const string SigstoreBundlePrefix = "application/vnd.dev.sigstore.bundle";

    /// <summary>Legacy cosign signature layer behind a <c>sha256-&lt;hex&gt;.sig</c> tag (cosign specs/SIGNATURE_SPEC.md).</summary>
    public const string CosignSimpleSigning = "application/vnd.dev.cosign.simplesigning.v1+json";

    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    public const string CreatedAnnotation = "org.opencontainers.image.created";

    public static bool IsIndex(string? mediaType) => mediaType is ImageIndex or DockerManifestList;

    public static bool IsManifest(string? mediaType) => mediaType is ImageManifest or DockerManifest;

    public static bool IsManifestOrIndex(string? mediaType) => IsIndex(mediaType) || IsManifest(mediaType);
}
