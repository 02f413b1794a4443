namespace SignPath.Docker.Build.Oci;

/// <summary>A manifest or image index read from a layout: the descriptor that reached it, its exact bytes, and the parsed form.</summary>
public sealed record OciManifestEntry(OciDescriptor Descriptor, byte[] Content, OciImageManifest? Manifest, OciImageIndex? Index)
{
    public string Digest => Descriptor.Digest;

    /// <summary>The descriptors it refers to: config and layers of a manifest, entries of an index.</summary>
    public IEnumerable<OciDescriptor> Children => Manifest?.Children ?? Index?.Manifests ?? [];

    /// <summary>The <c>subject</c> of a signature artifact (or any referrer).</summary>
    public OciDescriptor? Subject => Manifest?.Subject ?? Index?.Subject;
}
