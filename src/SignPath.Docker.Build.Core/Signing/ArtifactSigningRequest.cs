namespace SignPath.Docker.Build.Signing;

/// <param name="ArtifactConfigurationSlug">Which SignPath artifact configuration processes the artifact (null: the project's default).</param>
/// <param name="FileName">The artifact's file name as SignPath shows it.</param>
/// <param name="Content">The artifact bytes (a zip for both cosign and Docker signing data).</param>
/// <param name="Description">Shown to approvers.</param>
/// <param name="Parameters">
/// Artifact configuration parameters this artifact needs (e.g. a tag); the build's SignPathParameter items win over them.
/// </param>
public sealed record ArtifactSigningRequest(
    string? ArtifactConfigurationSlug,
    string FileName,
    byte[] Content,
    string? Description,
    IReadOnlyDictionary<string, string>? Parameters = null);
