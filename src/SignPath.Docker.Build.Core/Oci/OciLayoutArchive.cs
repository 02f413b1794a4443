using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Oci;

/// <summary>
/// An OCI image layout (https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md) in an uncompressed
/// tar, as the .NET SDK writes it with <c>ContainerImageFormat=OCI</c> + <c>ContainerArchiveOutputPath</c>, or as a
/// signing service returns it. Opening scans the tar headers once (entry data is skipped, not read); blobs are then
/// streamed from their place in the tar, so layers never sit in memory. A blob may appear more than once in the tar
/// (the SDK writes shared base layers twice); the first copy is used and every copy must have the same size.
/// </summary>
public sealed class OciLayoutArchive : IDisposable
{
    private const string LayoutFileName = "oci-layout";
    private const string IndexFileName = "index.json";
    private const string BlobsPrefix = "blobs/";

    private readonly Func<Stream> openSource;
    private readonly Dictionary<string, (long Offset, long Length)> blobs;
    private readonly Func<string, Exception?, Exception> refuse;
    private readonly OciLayoutLimits limits;
    private IReadOnlyList<OciManifestEntry>? manifests;

    private OciLayoutArchive(
        Func<Stream> openSource,
        OciImageIndex index,
        Dictionary<string, (long Offset, long Length)> blobs,
        OciLayoutLimits limits,
        Func<string, Exception?, Exception> refuse)
    {
        this.openSource = openSource;
        Index = index;
        this.blobs = blobs;
        this.limits = limits;
        this.refuse = refuse;
    }

    /// <summary>The layout's index.json: one entry per tag (<c>org.opencontainers.image.ref.name</c>) or image.</summary>
    public OciImageIndex Index { get; }

    /// <summary>Digests of every blob in the tar.</summary>
    public IReadOnlyCollection<string> BlobDigests => blobs.Keys;

    /// <summary>Opens a layout tar file. Failures are <see cref="SignPathDockerException"/> with <see cref="ErrorCodes.InvalidOciLayout"/>.</summary>
    public static OciLayoutArchive Open(string path, OciLayoutLimits? limits = null) =>
        Open(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous), limits, DefaultRefusal(path));

    /// <summary>Opens a layout tar held in memory (a signed layout returned by the signing service).</summary>
    public static OciLayoutArchive Open(
        byte[] tar,
        OciLayoutLimits? limits = null,
        Func<string, Exception?, Exception>? refuse = null)
    {
        ArgumentNullException.ThrowIfNull(tar);
        return Open(() => new MemoryStream(tar, writable: false), limits, refuse ?? DefaultRefusal("the signed OCI layout"));
    }

    /// <summary>Opens a layout from a factory of fresh seekable streams over the same tar (one per blob reader).</summary>
    public static OciLayoutArchive Open(Func<Stream> openSource, OciLayoutLimits? limits, Func<string, Exception?, Exception> refuse)
    {
        ArgumentNullException.ThrowIfNull(openSource);
        ArgumentNullException.ThrowIfNull(refuse);
        limits ??= OciLayoutLimits.Default;
        var blobs = new Dictionary<string, (long Offset, long Length)>(StringComparer.Ordinal);
        byte[]? layoutFile = null;
        byte[]? indexFile = null;
        try
        {
            using var source = openSource();
            if (!source.CanSeek)
            {
                throw refuse("the tar stream is not seekable", null);
            }

            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            using var reader = new TarReader(source, leaveOpen: true);
            var entries = 0;
            long total = 0;
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
                {
                    continue;
                }

                if (++entries > limits.MaxEntries)
                {
                    throw refuse($"it has more than {limits.MaxEntries} entries", null);
                }

                var name = NormalizeName(entry.Name, refuse);
                if (entry.EntryType is TarEntryType.Directory)
                {
                    continue;
                }

                (long Offset, long Length) location;
                if (entry.EntryType is TarEntryType.HardLink)
                {
                    // GNU tar stores a second copy of a file as a hard link; resolve it to the earlier entry.
                    var target = NormalizeName(entry.LinkName, refuse);
                    if (!TryBlobDigest(target, out var targetDigest) || !blobs.TryGetValue(targetDigest, out location))
                    {
                        throw refuse($"entry '{name}' is a hard link to '{target}', which is not an earlier blob", null);
                    }
                }
                else if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile)
                {
                    location = (entry.DataOffset, entry.Length);
                }
                else
                {
                    throw refuse($"entry '{name}' is a {entry.EntryType}; only files and directories are expected", null);
                }

                total += location.Length;
                if (total > limits.MaxTotalBytes)
                {
                    throw refuse($"its entries add up to more than {limits.MaxTotalBytes} bytes", null);
                }

                if (name is LayoutFileName or IndexFileName)
                {
                    if (!names.TryAdd(name, name))
                    {
                        throw refuse($"'{name}' appears twice", null);
                    }

                    var content = ReadSmall(entry, limits.MaxMetadataBytes, name, refuse);
                    _ = name == LayoutFileName ? layoutFile = content : indexFile = content;
                    continue;
                }

                if (name.StartsWith(BlobsPrefix, StringComparison.Ordinal))
                {
                    if (!TryBlobDigest(name, out var digest))
                    {
                        throw refuse($"entry '{name}' under blobs/ is not named by a valid digest", null);
                    }

                    if (location.Length > limits.MaxBlobBytes)
                    {
                        throw refuse($"blob {digest} is {location.Length} bytes (at most {limits.MaxBlobBytes} expected)", null);
                    }

                    if (blobs.TryGetValue(digest, out var first))
                    {
                        if (first.Length != location.Length)
                        {
                            throw refuse($"blob {digest} appears twice with different sizes", null);
                        }

                        continue;
                    }

                    blobs.Add(digest, location);
                }

                // Other files (docker save's manifest.json, repositories) are not part of the OCI layout; they are ignored.
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            throw refuse($"it is not a readable tar file ({e.Message})", e);
        }

        if (layoutFile is null)
        {
            throw refuse("it has no oci-layout file", null);
        }

        CheckLayoutFile(layoutFile, refuse);
        if (indexFile is null)
        {
            throw refuse("it has no index.json", null);
        }

        OciImageIndex index;
        try
        {
            index = OciImageIndex.Parse(indexFile, describedAs: null, what: "index.json");
        }
        catch (OciFormatException e)
        {
            throw refuse(e.Message, e);
        }

        return new OciLayoutArchive(openSource, index, blobs, limits, refuse);
    }

    public bool Contains(string digest) => blobs.ContainsKey(digest);

    /// <summary>The size of a blob as stored in the tar, or null when the layout does not have it.</summary>
    public long? BlobSize(string digest) => blobs.TryGetValue(digest, out var location) ? location.Length : null;

    /// <summary>
    /// A stream over the blob's bytes, read from the tar as it is consumed. Each call opens its own stream, so blobs can
    /// be uploaded in parallel. The digest is not checked here (a registry checks it on upload); <see cref="ReadBlobAsync"/> does.
    /// </summary>
    public Stream OpenBlob(string digest)
    {
        if (!blobs.TryGetValue(digest, out var location))
        {
            throw refuse($"blob {digest} is not in the layout", null);
        }

        return new ReadOnlySubStream(openSource(), location.Offset, location.Length);
    }

    /// <summary>Reads a small blob (manifest, index, config, signature) into memory, checking its size bound and digest.</summary>
    public async Task<byte[]> ReadBlobAsync(string digest, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        var limit = maxBytes ?? limits.MaxMetadataBytes;
        if (!blobs.TryGetValue(digest, out var location))
        {
            throw refuse($"blob {digest} is not in the layout", null);
        }

        if (location.Length > limit)
        {
            throw refuse($"blob {digest} is {location.Length} bytes (at most {limit} expected)", null);
        }

        var content = new byte[location.Length];
        await using (var stream = OpenBlob(digest))
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }

        if (!ContentDigest.Matches(digest, content))
        {
            throw refuse($"blob {digest} does not match its digest", null);
        }

        return content;
    }

    /// <summary>Checks a streamed blob against its digest without holding it in memory.</summary>
    public async Task VerifyBlobAsync(string digest, CancellationToken cancellationToken = default)
    {
        var (algorithm, hex) = ContentDigest.Split(digest);
        using var hash = IncrementalHash.CreateHash(algorithm switch
        {
            "sha384" => HashAlgorithmName.SHA384,
            "sha512" => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        });
        var buffer = new byte[81920];
        await using (var stream = OpenBlob(digest))
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        if (!string.Equals(Convert.ToHexStringLower(hash.GetHashAndReset()), hex, StringComparison.Ordinal))
        {
            throw refuse($"blob {digest} does not match its digest", null);
        }
    }

    /// <summary>
    /// Every manifest and image index reachable from index.json, read and parsed, children before parents (the order
    /// a registry accepts them in), each digest once. Entries of index.json that are not manifests or indexes are refused.
    /// Read once per archive: stripping and pushing both walk the graph, and the archive does not change.
    /// </summary>
    public async Task<IReadOnlyList<OciManifestEntry>> ReadManifestsAsync(CancellationToken cancellationToken = default) =>
        manifests ??= await ReadManifestGraphAsync(cancellationToken);

    private async Task<IReadOnlyList<OciManifestEntry>> ReadManifestGraphAsync(CancellationToken cancellationToken)
    {
        var result = new List<OciManifestEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in Index.Manifests)
        {
            await VisitAsync(root, depth: 0);
        }

        return result;

        async Task VisitAsync(OciDescriptor descriptor, int depth)
        {
            if (depth > 8)
            {
                throw refuse("image indexes are nested more than 8 deep", null);
            }

            if (!seen.Add(descriptor.Digest))
            {
                return;
            }

            var entry = await ReadManifestAsync(descriptor, cancellationToken);
            if (entry.Index is { } index)
            {
                foreach (var child in index.Manifests)
                {
                    if (OciMediaTypes.IsManifestOrIndex(child.MediaType))
                    {
                        await VisitAsync(child, depth + 1);
                    }
                }
            }

            result.Add(entry);
        }
    }

    /// <summary>Reads and parses one manifest or image index; its descriptor's size and media type must match.</summary>
    public async Task<OciManifestEntry> ReadManifestAsync(OciDescriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (!OciMediaTypes.IsManifestOrIndex(descriptor.MediaType))
        {
            throw refuse($"{descriptor.Digest} has media type '{descriptor.MediaType}', not a manifest or image index", null);
        }

        if (BlobSize(descriptor.Digest) is { } size && size != descriptor.Size)
        {
            throw refuse($"manifest {descriptor.Digest} is {size} bytes, but its descriptor says {descriptor.Size}", null);
        }

        var content = await ReadBlobAsync(descriptor.Digest, Math.Min(limits.MaxMetadataBytes, OciImageManifest.MaxBytes), cancellationToken);
        try
        {
            return OciMediaTypes.IsIndex(descriptor.MediaType)
                ? new OciManifestEntry(descriptor, content, null, OciImageIndex.Parse(content, descriptor.MediaType))
                : new OciManifestEntry(descriptor, content, OciImageManifest.Parse(content, descriptor.MediaType), null);
        }
        catch (OciFormatException e)
        {
            throw refuse($"{descriptor.Digest}: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        // Every stream is opened per use and owned by its reader; nothing is held between calls.
    }

    internal static bool TryBlobDigest(string name, out string digest)
    {
        digest = string.Empty;
        var parts = name.Split('/');
        if (parts.Length != 3 || parts[0] != "blobs")
        {
            return false;
        }

        digest = parts[1] + ":" + parts[2];
        return ContentDigest.IsValid(digest);
    }

    internal static string BlobPath(string digest)
    {
        var (algorithm, hex) = ContentDigest.Split(digest);
        return $"{BlobsPrefix}{algorithm}/{hex}";
    }

    private static string NormalizeName(string name, Func<string, Exception?, Exception> refuse)
    {
        var normalized = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
        normalized = normalized.TrimEnd('/');
        if (normalized.Length == 0 || normalized == ".")
        {
            return ".";
        }

        if (!SafeZipArchive.IsSafeEntryName(normalized))
        {
            throw refuse($"entry '{name}' has an unsafe path", null);
        }

        return normalized;
    }

    private static byte[] ReadSmall(TarEntry entry, long max, string name, Func<string, Exception?, Exception> refuse)
    {
        if (entry.Length > max)
        {
            throw refuse($"'{name}' is {entry.Length} bytes (at most {max} expected)", null);
        }

        var content = new byte[entry.Length];
        entry.DataStream?.ReadExactly(content);
        return content;
    }

    private static void CheckLayoutFile(byte[] content, Func<string, Exception?, Exception> refuse)
    {
        try
        {
            using var document = OciJson.Parse(content, "oci-layout", 64 * 1024);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("imageLayoutVersion", out var version) ||
                version.ValueKind != JsonValueKind.String || version.GetString() != "1.0.0")
            {
                throw refuse("its oci-layout file does not declare imageLayoutVersion 1.0.0", null);
            }
        }
        catch (OciFormatException e)
        {
            throw refuse(e.Message, e);
        }
    }

    private static Func<string, Exception?, Exception> DefaultRefusal(string source) => (reason, inner) => new SignPathDockerException(
        ErrorCodes.InvalidOciLayout,
        $"The OCI image layout '{source}' cannot be used: {reason}.",
        "The layout is written by PublishContainer with ContainerImageFormat=OCI; rebuild, and report the SDK version if it persists.",
        inner);
}
