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
        int maxEntries = 10_000) =>
        Read(zip, isExpectedEntry, maxEntryBytes, maxTotalBytes, maxEntries, Invalid);

    /// <summary>
    /// The same rules for the local signing service, which unpacks what clients send it and reports a
    /// refusal in its own terms (<paramref name="refuse"/> turns the reason into the exception to throw).
    /// Entries come back in archive order.
    /// </summary>
    public static IReadOnlyDictionary<string, byte[]> Read(
        byte[] zip,
        Func<string, bool> isExpectedEntry,
        long maxEntryBytes,
        long maxTotalBytes,
        int maxEntries,
        Func<string, Exception?, Exception> refuse)
    {
        ArgumentNullException.ThrowIfNull(refuse);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        // One small buffer for all entries rather than one per entry: fewer allocations in every signing.
        var chunk = new byte[16 * 1024];
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
            if (archive.Entries.Count > maxEntries)
            {
                throw refuse($"it has {archive.Entries.Count} entries (at most {maxEntries} expected)", null);
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
                    throw refuse($"entry '{name}' has an unsafe path", null);
                }

                if (!isExpectedEntry(name))
                {
                    throw refuse($"entry '{name}' was not expected", null);
                }

                if (entries.ContainsKey(name))
                {
                    throw refuse($"entry '{name}' appears twice", null);
                }

                if (entry.Length > maxEntryBytes)
                {
                    throw refuse($"entry '{name}' declares {entry.Length} bytes (at most {maxEntryBytes} expected)", null);
                }

                // The declared length can lie; read one byte past the limit to catch that. The buffer is sized by the
                // declared length, capped so that a lying header cannot make it reserve much.
                using var stream = entry.Open();
                var buffer = new MemoryStream((int)Math.Min(entry.Length, 1024 * 1024));
                int read;
                while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    total += read;
                    if (buffer.Length > maxEntryBytes || total > maxTotalBytes)
                    {
                        throw refuse($"entry '{name}' expands beyond the allowed size", null);
                    }
                }

                entries.Add(name, buffer.ToArray());
            }
        }
        catch (InvalidDataException e)
        {
            throw refuse($"it is not a readable zip file ({e.Message})", e);
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

    private static SignPathDockerException Invalid(string reason, Exception? inner) => new(
        ErrorCodes.InvalidSignedArtifact,
        $"The signed artifact returned by the signing service was refused: {reason}.",
        "Check that the SignPath artifact configuration matches the one documented in README.md; nothing was pushed.",
        inner);
}
