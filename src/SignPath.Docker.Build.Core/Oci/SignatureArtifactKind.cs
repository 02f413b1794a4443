namespace SignPath.Docker.Build.Oci;

/// <summary>The signature formats a signed layout may carry.</summary>
internal enum SignatureArtifactKind
{
    /// <summary>Notary Project signature: artifactType <c>application/vnd.cncf.notary.signature</c>, one JWS (or COSE) layer.</summary>
    Notation,

    /// <summary>cosign v3 referrer: one Sigstore bundle layer (cosign specs/BUNDLE_SPEC.md).</summary>
    CosignBundle,

    /// <summary>Legacy cosign: simple-signing layers behind the tag <c>sha256-&lt;hex&gt;.sig</c> (cosign specs/SIGNATURE_SPEC.md).</summary>
    CosignLegacy,
}
