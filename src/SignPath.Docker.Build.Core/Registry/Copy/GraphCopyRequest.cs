namespace SignPath.Docker.Build.Registry.Copy;

/// <summary>
/// One repository's share of a push: images (manifests or indexes) with the tags to give them, and the
/// signature manifests whose <c>subject</c> is one of those images.
/// </summary>
/// <param name="Target">The repository everything goes to.</param>
/// <param name="Images">Root descriptors from the source, each with its tags; tagged only after everything else is in.</param>
/// <param name="Referrers">Signature manifests (OCI 1.1 artifacts with a <c>subject</c>) from the source.</param>
/// <param name="MountFrom">A repository on the same registry that may hold base-image layers (cross-repository mount).</param>
internal sealed record GraphCopyRequest(
    RepositoryReference Target,
    IReadOnlyList<TaggedImage> Images,
    IReadOnlyList<ManifestDescriptor> Referrers,
    string? MountFrom = null)
{
    /// <summary>
    /// Legacy cosign signature manifests (what a <c>sha256-&lt;hex&gt;.sig</c> tag holds), keyed by the image digest
    /// they sign. Their layers are appended to the registry's tag, never replacing signatures already there.
    /// </summary>
    public IReadOnlyList<LegacyCosignSignatures> LegacyCosignSignatures { get; init; } = [];
}

/// <summary>An image to push and the tags to point at it once it and its signatures are in the registry.</summary>
internal sealed record TaggedImage(ManifestDescriptor Descriptor, IReadOnlyList<string> Tags);

/// <summary>A legacy cosign <c>.sig</c> manifest from the source and the image digest it signs.</summary>
internal sealed record LegacyCosignSignatures(string ImageDigest, ManifestDescriptor Manifest);
