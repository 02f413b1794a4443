namespace SignPath.Docker.LocalSigner.Processing;

public sealed record ArtifactZipEntry(string Name, byte[] Content);
