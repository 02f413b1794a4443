using System.IO.Compression;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// Reads a signed artifact returned by the signing service into memory, refusing anything a
/// well-behaved service would not send: path traversal, absolute paths, duplicate or unexpected
/// entries, and entries or totals beyond the limits (zip bombs).
/// </summary>
public static class SafeZipArchive
{
    public static IReadOnlyDictionary<string, byte[]> Read(
        byte[] zip,
        Func<string, bool> isExpectedEntry,
        long maxEntryBytes,
        long maxTotalBytes,
        int maxEntries = 10_000)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
            if (archive.Entries.Count > maxEntries)
            {
                throw Invalid($"it has {archive.Entries.Count} entries (at most {maxEntries} expected)");
            }

            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName;
                if (name.EndsWith('/') && entry.Length == 0)
                {
                    continue;
                }

                if (!IsSafeEntryName(name))
                {
                    throw Invalid($"entry '{name}' has an unsafe path");
                }

                if (!isExpectedEntry(name))
                {
                    throw Invalid($"entry '{name}' was not expected");
                }

                if (entries.ContainsKey(name))
                {
                    throw Invalid($"entry '{name}' appears twice");
                }

                if (entry.Length > maxEntryBytes)
                {
                    throw Invalid($"entry '{name}' declares {entry.Length} bytes (at most {maxEntryBytes} expected)");
                }

                // The declared length can lie; read one byte past the limit to catch that.
                using var stream = entry.Open();
                var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    total += read;
                    if (buffer.Length > maxEntryBytes || total > maxTotalBytes)
                    {
                        throw Invalid($"entry '{name}' expands beyond the allowed size");
                    }
                }

                entries.Add(name, buffer.ToArray());
            }
        }
        catch (InvalidDataException e)
        {
            throw Invalid($"it is not a readable zip file ({e.Message})", e);
        }

        return entries;
    }

    /// <summary>
    /// A relative path of plain segments: no leading slash, no backslash, no colon (drive letters, NTFS
    /// streams), no "." or ".." or empty segment. Shared with the local signing service, which unpacks
    /// what clients send it by the same rule.
    /// </summary>
    public static bool IsSafeEntryName(string name) =>
        name.Length > 0 &&
        !name.StartsWith('/') &&
        !name.Contains('\\', StringComparison.Ordinal) &&
        !name.Contains(':', StringComparison.Ordinal) &&
        !name.Split('/').Any(part => part is ".." or "." or "");

    private static SignPathDockerException Invalid(string reason, Exception? inner = null) => new(
        ErrorCodes.InvalidSignedArtifact,
        $"The signed artifact returned by the signing service was refused: {reason}.",
        "Check that the SignPath artifact configuration matches the one documented in README.md; nothing was pushed.",
        inner);
}
