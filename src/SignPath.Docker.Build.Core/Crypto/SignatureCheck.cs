using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Crypto;

/// <summary>The outcome of <see cref="SignatureVerifier.Verify"/>: valid, or the likely cause in words.</summary>
/// <param name="Failure">None when the signature verifies.</param>
/// <param name="Reason">Why it was refused, as a sentence part ("it was made with SHA-384 where SHA-256 is expected").</param>
internal sealed record SignatureCheck(SignatureFailure Failure, string Reason)
{
    public static SignatureCheck Valid { get; } = new(SignatureFailure.None, "it verifies");

    public bool IsValid => Failure == SignatureFailure.None;

    public string ErrorCode => Failure switch
    {
        SignatureFailure.Malformed => ErrorCodes.SignatureMalformed,
        SignatureFailure.KeyTypeMismatch => ErrorCodes.SignatureKeyTypeMismatch,
        SignatureFailure.HashAlgorithmMismatch => ErrorCodes.SignatureHashAlgorithmMismatch,
        SignatureFailure.RsaPaddingMismatch => ErrorCodes.SignatureRsaPaddingMismatch,
        _ => ErrorCodes.SignatureVerificationFailed,
    };

    /// <summary>Throws the build error for a refused signature; does nothing when it is valid.</summary>
    /// <param name="subject">What was signed, e.g. "the cosign signature SignPath returned for registry/repo@sha256:…".</param>
    public void ThrowIfInvalid(string subject, VerificationKey key, SignatureScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(scheme);
        if (IsValid)
        {
            return;
        }

        var hint = Failure switch
        {
            SignatureFailure.Malformed =>
                "The SignPath artifact configuration must create raw signatures of the signing policy's key (cosign: 'Detached raw signatures', see README.md).",
            SignatureFailure.KeyTypeMismatch =>
                $"The signature was made by a key of another type than {key.Source} ({key.Description}): check that SignPathSigningPolicySlug names the policy whose certificate signs{PinnedHint(key)}.",
            SignatureFailure.HashAlgorithmMismatch =>
                $"Set hash-algorithm=\"{scheme.Hash.Name!.ToLowerInvariant()}\" in {scheme.ConfiguredIn}.",
            SignatureFailure.RsaPaddingMismatch =>
                $"Set rsa-padding=\"{(scheme.RsaPaddings.HasFlag(RsaPaddings.Pkcs1) ? "pkcs1" : "pss")}\" in {scheme.ConfiguredIn}.",
            _ =>
                $"The signature was not made by {key.Source} ({key.Description}) over these bytes: check SignPathSigningPolicySlug{PinnedHint(key)}, and that the artifact configuration signs the files unchanged.",
        };
        throw new SignPathDockerException(ErrorCode, $"{subject} was refused: {Reason}. Nothing was pushed.", hint);
    }

    private static string PinnedHint(VerificationKey key) =>
        key.Source.Contains("CosignPublicKey", StringComparison.Ordinal) ? " and that CosignPublicKey is that policy's public key" : string.Empty;
}
