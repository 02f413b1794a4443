namespace SignPath.Docker.Build.Signing;

/// <param name="Formats">"notation" and/or "cosign": each image must come back with a signature of each.</param>
/// <param name="ArtifactConfigurationSlug">The <c>&lt;oci-image-layout-archive-file&gt;</c> configuration (null: the project's default).</param>
/// <param name="Description">Shown to approvers.</param>
/// <param name="NotationRootCertificatePem">When given, every Notation signature's chain must end in it.</param>
public sealed record BeforePushSigningOptions(
    IReadOnlyList<string> Formats,
    string? ArtifactConfigurationSlug,
    string? Description,
    string? NotationRootCertificatePem);
