namespace SignPath.Docker.Build.Registry;

/// <summary>A manifest exactly as the registry serves or stores it: the bytes are what the digest covers.</summary>
public sealed class RegistryManifest
{
    public RegistryManifest(string mediaType, byte[] content)
    {
        MediaType = mediaType;
        Content = content;
        Digest = ContentDigest.Sha256(content);
    }

    public string MediaType { get; }

    public byte[] Content { get; }

    public string Digest { get; }
}
