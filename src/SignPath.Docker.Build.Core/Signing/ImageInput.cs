namespace SignPath.Docker.Build.Signing;

/// <summary>
/// One image to sign as the build names it: registry/repository[:tag][@digest], the digest and manifest text
/// PublishContainer produced when known, and whether this build pushed it (then it needs no existence check).
/// </summary>
public sealed record ImageInput(string Reference, string? Digest = null, string? Manifest = null, bool PushedByBuild = false);
