namespace SignPath.Docker.Build.Oci;

/// <summary>Bounds on what an OCI layout tar may contain, so that a hostile or broken archive cannot exhaust memory or disk.</summary>
public sealed record OciLayoutLimits
{
    /// <summary>For the layout the .NET SDK wrote: layers of any size, metadata bounded.</summary>
    public static OciLayoutLimits Default { get; } = new();

    /// <summary>
    /// For a layout a signing service returns: metadata and signatures only. A signature envelope with a certificate
    /// chain is a few KiB; the limits leave two orders of magnitude of room.
    /// </summary>
    public static OciLayoutLimits MetadataOnly { get; } = new()
    {
        MaxEntries = 10_000,
        MaxBlobBytes = 4 * 1024 * 1024,
        MaxTotalBytes = 64 * 1024 * 1024,
    };

    public int MaxEntries { get; init; } = 100_000;

    /// <summary>Largest single blob (layers included).</summary>
    public long MaxBlobBytes { get; init; } = long.MaxValue;

    /// <summary>Largest sum of all entry sizes.</summary>
    public long MaxTotalBytes { get; init; } = long.MaxValue;

    /// <summary>Largest index.json, manifest, image index or config read into memory.</summary>
    public long MaxMetadataBytes { get; init; } = 4 * 1024 * 1024;
}
