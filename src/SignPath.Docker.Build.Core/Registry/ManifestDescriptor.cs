namespace SignPath.Docker.Build.Registry;

/// <summary>What a HEAD on a manifest tells: enough to know whether a tag still points where we think.</summary>
public sealed record ManifestDescriptor(string MediaType, string Digest, long Size);
