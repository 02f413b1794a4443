using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// The OCI referrer manifest <c>cosign sign</c> (v3) stores a signature bundle in (cosign specs/BUNDLE_SPEC.md;
/// pkg/oci/remote/write.go WriteAttestationNewBundleFormat): artifactType = the bundle media type, the bundle as the one
/// layer, and the annotations cosign sets.
/// Spec: https://github.com/sigstore/cosign/blob/main/specs/BUNDLE_SPEC.md.
/// </summary>
public static class CosignBundleManifest
{
    public static byte[] Create(OciDescriptor subject, byte[] bundle, DateTimeOffset created) =>
        OciArtifactManifest.Create(
            OciMediaTypes.SigstoreBundleV03,
            OciDescriptor.For(OciMediaTypes.SigstoreBundleV03, bundle),
            subject,
            new Dictionary<string, string>
            {
                ["dev.sigstore.bundle.content"] = "dsse-envelope",
                ["dev.sigstore.bundle.predicateType"] = InTotoStatement.CosignSignPredicateType,
                [OciMediaTypes.CreatedAnnotation] = created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            },
            configArtifactType: OciMediaTypes.SigstoreBundleV03);
}
