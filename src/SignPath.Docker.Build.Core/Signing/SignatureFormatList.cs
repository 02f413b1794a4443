using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// ContainerSignatureFormats: which signatures a build makes. After push (the image is in the registry first):
/// <c>cosign</c> (legacy simple signing) and <c>notary</c> (Docker Content Trust). Before push (SignContainerBeforePush,
/// from the OCI image layout): <c>notation</c> and <c>cosign</c> (a Sigstore bundle or whatever cosign format SignPath adds).
/// </summary>
internal static class SignatureFormatList
{
    public const string Cosign = "cosign";
    public const string Notary = "notary";
    public const string Notation = "notation";

    /// <summary>The formats of the after-push flow.</summary>
    public static IReadOnlyList<string> Parse(string? value) => Parse(value, beforePush: false);

    public static IReadOnlyList<string> Parse(string? value, bool beforePush)
    {
        var formats = (value ?? string.Empty)
            .Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.ToLowerInvariant())
            .Distinct()
            .ToList();
        if (formats.Count == 0)
        {
            formats.AddRange(beforePush ? [Notation, Cosign] : [Cosign]);
        }

        var unknown = formats.Where(f => f is not (Cosign or Notary or Notation)).ToList();
        if (unknown.Count > 0)
        {
            throw new SignPathDockerException(
                ErrorCodes.UnknownSignatureFormat,
                $"Unknown signature format(s) in ContainerSignatureFormats: {string.Join(", ", unknown)}.",
                beforePush ? "Use 'notation', 'cosign' or 'notation;cosign'." : "Use 'cosign', 'notary' or 'cosign;notary'.");
        }

        if (!beforePush && formats.Contains(Notation))
        {
            throw new SignPathDockerException(
                ErrorCodes.FormatNeedsBeforePush,
                "ContainerSignatureFormats 'notation' is only available when signing before push.",
                "Set -p:SignContainerBeforePush=true (SignPath signs the OCI image layout before anything reaches the registry), or use 'cosign'.");
        }

        if (beforePush && formats.Contains(Notary))
        {
            throw new SignPathDockerException(
                ErrorCodes.FormatNotBeforePush,
                "ContainerSignatureFormats 'notary' (Docker Content Trust) cannot be signed before push: it signs tags in a Notary server, not the image layout.",
                "Use 'notation' (the Notary Project's successor, which SignPath recommends) with SignContainerBeforePush=true, or drop SignContainerBeforePush to keep 'notary'.");
        }

        return formats;
    }
}
