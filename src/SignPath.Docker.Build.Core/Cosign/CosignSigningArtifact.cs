using System.IO.Compression;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// The zip submitted to SignPath's "Detached raw signatures" artifact configuration: one simple-signing
/// payload per image, named payload-001.json, payload-002.json, … SignPath returns the same files plus
/// payload-NNN.json.sig holding the raw signature of each.
/// </summary>
internal static class CosignSigningArtifact
{
    public const string FileName = "cosign-payloads.zip";
    private const long MaxPayloadBytes = 64 * 1024;
    private const long MaxSignatureBytes = 16 * 1024;

    public static string EntryName(int index) => $"payload-{index + 1:D3}.json";

    public static byte[] Create(IReadOnlyList<byte[]> payloads)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < payloads.Count; i++)
            {
                var entry = archive.CreateEntry(EntryName(i), ZipEntryCompression.For(payloads[i].Length));
                // A fixed timestamp keeps the artifact reproducible for the same images.
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(payloads[i]);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Extracts the raw signature for each payload. The returned payload files, if present, must be
    /// byte-identical to what was submitted: the signature is only meaningful over those bytes.
    /// </summary>
    public static IReadOnlyList<byte[]> ReadSignatures(byte[] signedZip, IReadOnlyList<byte[]> payloads)
    {
        var names = Enumerable.Range(0, payloads.Count).Select(EntryName).ToHashSet(StringComparer.Ordinal);
        var entries = SafeZipArchive.Read(
            signedZip,
            name => names.Contains(name) || (name.EndsWith(".sig", StringComparison.Ordinal) && names.Contains(name[..^4])),
            Math.Max(MaxPayloadBytes, MaxSignatureBytes),
            (MaxPayloadBytes + MaxSignatureBytes) * payloads.Count);

        var signatures = new List<byte[]>(payloads.Count);
        for (var i = 0; i < payloads.Count; i++)
        {
            var name = EntryName(i);
            if (entries.TryGetValue(name, out var returned) && !returned.AsSpan().SequenceEqual(payloads[i]))
            {
                throw Invalid($"{name} in the signed artifact differs from the payload that was submitted");
            }

            if (!entries.TryGetValue(name + ".sig", out var signature) || signature.Length == 0)
            {
                throw Invalid($"it has no signature {name}.sig");
            }

            if (signature.Length > MaxSignatureBytes)
            {
                throw Invalid($"{name}.sig is {signature.Length} bytes, too large for a raw signature");
            }

            signatures.Add(signature);
        }

        return signatures;
    }

    private static SignPathDockerException Invalid(string reason) => new(
        ErrorCodes.InvalidSignedArtifact,
        $"The signed cosign artifact was refused: {reason}.",
        "The SignPath artifact configuration must be of type 'Detached raw signatures' over payload-*.json (see README.md); nothing was pushed.");
}
