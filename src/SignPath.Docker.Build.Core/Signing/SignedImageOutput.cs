namespace SignPath.Docker.Build.Signing;

/// <summary>One signed image (cosign: repository@digest) or repository (notary: the GUN) with the metadata of SignContainerImage's SignedImages item.</summary>
public sealed record SignedImageOutput(string Identity, Dictionary<string, string> Metadata);
