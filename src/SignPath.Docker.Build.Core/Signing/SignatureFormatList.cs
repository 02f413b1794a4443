using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Signing;

public static class SignatureFormatList
{
    public const string Cosign = "cosign";
    public const string Notary = "notary";

    public static IReadOnlyList<string> Parse(string? value)
    {
        var formats = (value ?? Cosign)
            .Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.ToLowerInvariant())
            .Distinct()
            .ToList();
        if (formats.Count == 0)
        {
            formats.Add(Cosign);
        }

        var unknown = formats.Where(f => f is not (Cosign or Notary)).ToList();
        if (unknown.Count > 0)
        {
            throw new SignPathDockerException(
                ErrorCodes.UnknownSignatureFormat,
                $"Unknown signature format(s) in ContainerSignatureFormats: {string.Join(", ", unknown)}.",
                "Use 'cosign', 'notary' or 'cosign;notary'.");
        }

        return formats;
    }
}
