using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// A signing request SignPath could not process ("Failed"). The likeliest cause on the package's side is an artifact
/// configuration that does not fit what the package sends, and some of those layouts are this package's own, not
/// SignPath's documented ones (README, "What SignPath must be configured with"): so the error names the artifact
/// configuration to check and points at that table.
/// </summary>
internal static class ArtifactConfigurationFailure
{
    public const string ReadmeSection = "What SignPath must be configured with";

    public const string ReadmeLink = "README.md#what-signpath-must-be-configured-with";

    public static SignPathDockerException Explain(SignPathDockerException failed, string? artifactConfigurationSlug)
    {
        ArgumentNullException.ThrowIfNull(failed);
        var configuration = string.IsNullOrWhiteSpace(artifactConfigurationSlug)
            ? "the project's default artifact configuration"
            : $"artifact configuration '{artifactConfigurationSlug}'";
        return new SignPathDockerException(
            failed.Code,
            $"{failed.Message} It was submitted to {configuration}.",
            $"Open the signing request in SignPath for the reason, and check {configuration}: it must be of the type, and accept " +
            $"the layout, that the package's README lists for this signature format under \"{ReadmeSection}\" ({ReadmeLink}).",
            failed);
    }
}
