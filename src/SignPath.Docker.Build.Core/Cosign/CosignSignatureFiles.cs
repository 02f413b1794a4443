namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// What AttachCosignSignature is given, as text: a payload and its detached signature made outside the build
/// (as SignPath returns it, or base64 as cosign's tooling writes it), and where the key to check it comes from.
/// </summary>
public sealed record CosignSignatureFiles
{
    public required string ImageReference { get; init; }

    /// <summary>The image digest when <see cref="ImageReference"/> has none.</summary>
    public string? Digest { get; init; }

    public required string PayloadFile { get; init; }

    public required string SignatureFile { get; init; }

    /// <summary>The pinned key (path or PEM). Without it the signing policy's key is read from SignPath.</summary>
    public string? CosignPublicKey { get; init; }

    public string? InsecureRegistries { get; init; }

    public string? SignPathApiUrl { get; init; }

    public string? SignPathOrganizationId { get; init; }

    public string? SignPathApiToken { get; init; }

    public string? SignPathProjectSlug { get; init; }

    public string? SignPathSigningPolicySlug { get; init; }
}
