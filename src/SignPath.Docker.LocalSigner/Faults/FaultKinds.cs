namespace SignPath.Docker.LocalSigner.Faults;

public static class FaultKinds
{
    public const string Deny = "deny";
    public const string Fail = "fail";
    public const string NeverComplete = "never-complete";
    public const string BadSignature = "bad-signature";
    public const string HttpStatus = "http-status";

    // The cosign configuration answers as a misconfigured SignPath project would; the client must refuse each.
    public const string GarbageSignature = "garbage-signature";
    public const string OtherKeySignature = "other-key-signature";
    public const string Sha384Signature = "sha384-signature";
    public const string RsaSignature = "rsa-signature";

    /// <summary>MySigningPolicies answers with the certificate of another key (a policy whose certificate was replaced).</summary>
    public const string PolicyOtherKey = "policy-other-key";

    public static readonly IReadOnlyList<string> CosignSignatureFaults = [BadSignature, GarbageSignature, OtherKeySignature, Sha384Signature, RsaSignature];

    // The notary configuration checks the request as usual, then signs (validly) a tampered delegation version.
    public const string NotaryExtraTarget = "notary-extra-target";
    public const string NotaryWrongDigest = "notary-wrong-digest";
    public const string NotaryStaleVersion = "notary-stale-version";
    public const string NotaryOtherKey = "notary-other-key";

    public static readonly IReadOnlyList<string> NotaryTampering = [NotaryExtraTarget, NotaryWrongDigest, NotaryStaleVersion, NotaryOtherKey];

    // The OCI layout configurations return a signed layout the package must refuse (nothing pushed).
    public const string LayoutTampered = "layout-tampered";
    public const string LayoutExtra = "layout-extra";
    public const string LayoutMissing = "layout-missing";
    public const string LayoutUnsigned = "layout-unsigned";
    public const string LayoutWrongKey = "layout-wrong-key";

    public static readonly IReadOnlyList<string> LayoutFaults = [LayoutTampered, LayoutExtra, LayoutMissing, LayoutUnsigned, LayoutWrongKey];

    public static readonly IReadOnlyList<string> All =
        [Deny, Fail, NeverComplete, HttpStatus, .. CosignSignatureFaults, PolicyOtherKey, .. NotaryTampering, .. LayoutFaults];
}
