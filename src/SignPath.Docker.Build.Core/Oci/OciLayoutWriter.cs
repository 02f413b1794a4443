using System.Formats.Tar;
using System.Text;

namespace SignPath.Docker.Build.Oci;

/// <summary>
/// Writes an uncompressed OCI image layout tar: <c>oci-layout</c>, the blobs, then <c>index.json</c>. Entries are
/// ustar with a fixed time and mode, so the same content always gives the same bytes. Each blob is written once.
/// Spec: https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md.
/// </summary>
public sealed class OciLayoutWriter : IDisposable
{
    private static readonly DateTimeOffset FixedTime = DateTimeOffset.UnixEpoch;
    private static readonly byte[] LayoutFile = Encoding.UTF8.GetBytes("{\"imageLayoutVersion\":\"1.0.0\"}");

    private readonly TarWriter writer;
    private readonly HashSet<string> written = new(StringComparer.Ordinal);
    private bool completed;

    public OciLayoutWriter(Stream output, bool leaveOpen = false)
    {
        writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen);
        WriteEntry("oci-layout", new MemoryStream(LayoutFile, writable: false));
    }

    /// <summary>Adds a blob held in memory; returns its descriptor.</summary>
    public OciDescriptor AddBlob(string mediaType, byte[] content)
    {
        var descriptor = OciDescriptor.For(mediaType, content);
        if (written.Add(descriptor.Digest))
        {
            WriteEntry(OciLayoutArchive.BlobPath(descriptor.Digest), new MemoryStream(content, writable: false));
        }

        return descriptor;
    }

    /// <summary>Adds a blob streamed from elsewhere (another layout); the caller vouches for its digest.</summary>
    public async Task AddBlobAsync(string digest, Stream content, CancellationToken cancellationToken = default)
    {
        if (written.Add(digest))
        {
            var entry = NewEntry(OciLayoutArchive.BlobPath(digest));
            entry.DataStream = content;
            await writer.WriteEntryAsync(entry, cancellationToken);
        }
    }

    public bool Contains(string digest) => written.Contains(digest);

    /// <summary>Writes index.json with these entries and ends the tar.</summary>
    public void Complete(IEnumerable<OciDescriptor> index)
    {
        WriteEntry("index.json", new MemoryStream(OciImageIndex.Write(index), writable: false));
        completed = true;
        writer.Dispose();
    }

    public void Dispose()
    {
        if (!completed)
        {
            writer.Dispose();
        }
    }

    private void WriteEntry(string name, Stream content)
    {
        var entry = NewEntry(name);
        entry.DataStream = content;
        writer.WriteEntry(entry);
    }

    private static UstarTarEntry NewEntry(string name) => new(TarEntryType.RegularFile, name)
    {
        ModificationTime = FixedTime,
        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
    };
}
