namespace SignPath.Docker.Build.Cosign;

/// <param name="Tag">The sha256-&lt;hex&gt;.sig tag.</param>
/// <param name="ManifestDigest">Digest of the signature manifest now behind the tag.</param>
/// <param name="Added">False when the identical signature was already attached.</param>
/// <param name="SignatureCount">Signature layers on the tag after attaching.</param>
public sealed record CosignAttachResult(string Tag, string ManifestDigest, bool Added, int SignatureCount);
