using SignPath.Docker.Build.Oci;
using SignPath.Docker.Build.Registry.Copy;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// What the push reads: the signature manifests and their blobs as the checked signed layout returned them (small,
/// in memory), everything else from the layout tar PublishContainer wrote, streamed (layers never pass through memory).
/// </summary>
internal sealed class SignedImageContent(OciLayoutArchive layout, IEnumerable<SignatureArtifact> signatures) : IOciContentSource
{
    private readonly Dictionary<string, byte[]> signatureBlobs = Collect(signatures);

    public Stream OpenBlob(string digest) =>
        signatureBlobs.TryGetValue(digest, out var content) ? new MemoryStream(content, writable: false) : layout.OpenBlob(digest);

    private static Dictionary<string, byte[]> Collect(IEnumerable<SignatureArtifact> signatures)
    {
        // Signature manifests may carry the empty config inline (data) only; its two bytes are known.
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [OciMediaTypes.EmptyDigest] = "{}"u8.ToArray() };
        foreach (var signature in signatures)
        {
            blobs[signature.Digest] = signature.Content;
            foreach (var (digest, content) in signature.Blobs)
            {
                blobs[digest] = content;
            }
        }

        return blobs;
    }
}
