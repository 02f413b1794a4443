using System.IO.Compression;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// Reads and writes the small zips SignPath artifacts are, refusing anything a real signing service
/// should not unpack: path traversal, absolute paths, too many or too large entries.
/// Whole archives are held in memory (they are bounded), so the synchronous ZipArchive API does no I/O wait.
/// </summary>
public static class ArtifactZip
{
    public const int MaxEntries = 1000;
    public const int MaxEntryBytes = 1024 * 1024;
    public const int MaxTotalBytes = 64 * 1024 * 1024;

    public static async Task<IReadOnlyList<ArtifactZipEntry>> ReadAsync(Stream zip, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await zip.CopyToAsync(buffer, cancellationToken);
        var entries = SafeZipArchive.Read(
            buffer.ToArray(),
            isExpectedEntry: _ => true,
            MaxEntryBytes,
            MaxTotalBytes,
            MaxEntries,
            (reason, inner) => new InvalidArtifactException($"The artifact zip was refused: {reason}.", inner));
        return [.. entries.Select(entry => new ArtifactZipEntry(entry.Key, entry.Value))];
    }

    public static async Task WriteAsync(IEnumerable<ArtifactZipEntry> entries, Stream destination, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                var zipEntry = archive.CreateEntry(entry.Name, ZipEntryCompression.For(entry.Content.Length));
                using var content = zipEntry.Open();
                content.Write(entry.Content);
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(destination, cancellationToken);
    }
}
