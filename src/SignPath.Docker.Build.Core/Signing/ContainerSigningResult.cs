namespace SignPath.Docker.Build.Signing;

/// <param name="Images">One item per signed image (cosign) or Notary repository.</param>
/// <param name="PublicKeyFile">The cosign.pub written with the key the signatures were checked with; null when none was asked for.</param>
public sealed record ContainerSigningResult(IReadOnlyList<SignedImageOutput> Images, string? PublicKeyFile);
