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

    public static async Task<IReadOnlyList<ArtifactZipEntry>> ReadAsync(Stream zip, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await zip.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(buffer, ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidArtifactException($"The artifact is not a zip file: {e.Message}", e);
        }

        using (archive)
        {
            if (archive.Entries.Count > MaxEntries)
            {
                throw new InvalidArtifactException($"The zip has {archive.Entries.Count} entries; at most {MaxEntries} are allowed.");
            }

            var entries = new List<ArtifactZipEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                CheckName(entry.FullName);
                if (!names.Add(entry.FullName))
                {
                    throw new InvalidArtifactException($"The zip contains '{entry.FullName}' twice.");
                }

                if (entry.Length > MaxEntryBytes)
                {
                    throw new InvalidArtifactException($"'{entry.FullName}' is {entry.Length} bytes; entries may be at most {MaxEntryBytes} bytes.");
                }

                entries.Add(new ArtifactZipEntry(entry.FullName, ReadBounded(entry)));
            }

            return entries;
        }
    }

    public static async Task WriteAsync(IEnumerable<ArtifactZipEntry> entries, Stream destination, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                var zipEntry = archive.CreateEntry(entry.Name, CompressionLevel.Optimal);
                using var content = zipEntry.Open();
                content.Write(entry.Content);
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(destination, cancellationToken);
    }

    private static void CheckName(string name)
    {
        if (!SafeZipArchive.IsSafeEntryName(name))
        {
            throw new InvalidArtifactException($"The zip entry '{name}' has an absolute or traversing path.");
        }
    }

    // The declared length can lie; never read more than the limit allows.
    private static byte[] ReadBounded(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var content = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (content.Length + read > MaxEntryBytes)
            {
                throw new InvalidArtifactException($"'{entry.FullName}' is larger than {MaxEntryBytes} bytes.");
            }

            content.Write(chunk, 0, read);
        }

        return content.ToArray();
    }
}
