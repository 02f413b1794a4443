namespace SignPath.Docker.Build.Cosign;

/// <param name="ArtifactConfigurationSlug">SignPath artifact configuration of type "Detached raw signatures".</param>
/// <param name="Description">Shown to approvers; a list of the images when null.</param>
/// <param name="Annotations">Written into the payload's "optional" object, like <c>cosign sign -a</c>.</param>
/// <param name="MaxParallelism">How many images are checked and attached at the same time.</param>
internal sealed record CosignSigningOptions(
    string? ArtifactConfigurationSlug,
    string? Description = null,
    IReadOnlyDictionary<string, string>? Annotations = null,
    int MaxParallelism = CosignSigningOptions.DefaultMaxParallelism)
{
    public const int DefaultMaxParallelism = 4;
}
