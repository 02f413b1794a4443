namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// Which cosign signature an OCI-layout configuration adds. SignPath's <c>&lt;cosign-sign&gt;</c> output is not
/// documented, so the local service can answer with either of cosign's formats.
/// </summary>
public enum CosignLayoutFormat
{
    None,

    /// <summary>A sigstore bundle v0.3 as a referrer manifest (cosign's newer format).</summary>
    Bundle,

    /// <summary>A simple-signing layer behind the tag <c>sha256-&lt;hex&gt;.sig</c> (cosign's original format).</summary>
    LegacySignatureTag,
}
