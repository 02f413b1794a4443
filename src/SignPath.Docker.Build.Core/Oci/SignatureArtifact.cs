namespace SignPath.Docker.Build.Oci;

/// <summary>
/// One signature manifest a signing service added to a layout, with everything needed to verify and push it:
/// the manifest's exact bytes, what it signs, and its blobs (config and layers) by digest.
/// Spec: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md.
/// </summary>
internal sealed record SignatureArtifact(
    SignatureArtifactKind Kind,
    OciDescriptor Descriptor,
    byte[] Content,
    OciImageManifest Manifest,
    OciDescriptor Subject,
    IReadOnlyDictionary<string, byte[]> Blobs)
{
    public string Digest => Descriptor.Digest;

    public string MediaType => Descriptor.MediaType;

    public string ArtifactType => Manifest.EffectiveArtifactType;

    /// <summary>For <see cref="SignatureArtifactKind.CosignLegacy"/>: the tag <c>sha256-&lt;hex&gt;.sig</c>; otherwise null (a referrer has no tag).</summary>
    public string? Tag { get; init; }

    /// <summary>The bytes of the one layer (envelope, bundle, or the first simple-signing payload).</summary>
    public byte[] SignatureLayer => Blobs[Manifest.Layers[0].Digest];

    /// <summary>
    /// The descriptor to list in a referrers index (<c>sha256-&lt;hex&gt;</c> fallback tag): media type, digest, size,
    /// artifactType and the manifest's annotations, as the distribution spec's referrers API returns them.
    /// </summary>
    public OciDescriptor ReferrerDescriptor => Descriptor with
    {
        ArtifactType = ArtifactType,
        Annotations = Manifest.Annotations,
        Platform = null,
    };
}
