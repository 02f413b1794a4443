using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// A signed metadata file <c>{"signed":…,"signatures":[…]}</c>. Parsing keeps the file's exact bytes
/// (snapshot and timestamp hash those) and the exact bytes of "signed".
/// Spec: https://theupdateframework.github.io/specification/latest/, https://github.com/notaryproject/notary/blob/master/tuf/data/types.go.
/// </summary>
public sealed partial class TufEnvelope
{
    private TufEnvelope(byte[] fileBytes, JsonElement signed, byte[] signedBytes, IReadOnlyList<TufSignature> signatures)
    {
        FileBytes = fileBytes;
        SignedObject = signed;
        SignedBytes = signedBytes;
        Signatures = signatures;
    }

    /// <summary>The file exactly as fetched or written.</summary>
    public byte[] FileBytes { get; }

    /// <summary>The "signed" object (a detached clone; independent of any document).</summary>
    public JsonElement SignedObject { get; }

    /// <summary>The bytes of "signed" exactly as they appear in the file.</summary>
    public byte[] SignedBytes { get; }

    public IReadOnlyList<TufSignature> Signatures { get; }

    public static TufEnvelope Parse(byte[] fileBytes, string what)
    {
        using var document = StrictJson.Parse(fileBytes, what);
        var root = document.RootElement;
        var signed = TufJsonReader.Object(root, "signed", what);
        var signatures = new List<TufSignature>();
        foreach (var item in TufJsonReader.Array(root, "signatures", what).EnumerateArray())
        {
            signatures.Add(new TufSignature(
                TufJsonReader.String(item, "keyid", what),
                TufJsonReader.String(item, "method", what),
                TufJsonReader.Base64(TufJsonReader.String(item, "sig", what), what)));
        }

        return new TufEnvelope(fileBytes, signed.Clone(), JsonMarshal.GetRawUtf8Value(signed).ToArray(), signatures);
    }

    /// <summary>The canonical form of "signed": the bytes notary verifies signatures over.</summary>
    public byte[] CanonicalSigned() => CanonicalJson.Serialize(SignedObject);

    /// <summary>
    /// Writes <c>{"signed":&lt;canonical&gt;,"signatures":[{"keyid":…,"method":…,"sig":…}]}</c>. This order,
    /// not sorted, because notary-server hashes a re-serialization in Go struct order into the snapshot
    /// it generates; any other byte form makes clients fail the snapshot checksum.
    /// </summary>
    public static byte[] Write(ReadOnlySpan<byte> canonicalSigned, IEnumerable<TufSignature> signatures)
    {
        var builder = new StringBuilder();
        var first = true;
        foreach (var signature in signatures)
        {
            if (!SafeToken().IsMatch(signature.KeyId) || !SafeToken().IsMatch(signature.Method))
            {
                throw new ArgumentException("Key IDs and methods are lowercase hex/letters; nothing that would need escaping.", nameof(signatures));
            }

            builder.Append(first ? "" : ",")
                .Append("{\"keyid\":\"").Append(signature.KeyId)
                .Append("\",\"method\":\"").Append(signature.Method)
                .Append("\",\"sig\":\"").Append(Convert.ToBase64String(signature.Value)).Append("\"}");
            first = false;
        }

        var prefix = "{\"signed\":"u8;
        var suffix = Encoding.UTF8.GetBytes(",\"signatures\":[" + builder + "]}");
        var result = new byte[prefix.Length + canonicalSigned.Length + suffix.Length];
        prefix.CopyTo(result);
        canonicalSigned.CopyTo(result.AsSpan(prefix.Length));
        suffix.CopyTo(result.AsSpan(prefix.Length + canonicalSigned.Length));
        return result;
    }

    /// <summary>Signs <paramref name="canonicalSigned"/> with every signer and writes the file.</summary>
    public static async Task<byte[]> SignAsync(ReadOnlyMemory<byte> canonicalSigned, IEnumerable<ITufSigner> signers, CancellationToken cancellationToken)
    {
        var signatures = new List<TufSignature>();
        foreach (var signer in signers)
        {
            var value = await signer.SignAsync(canonicalSigned, cancellationToken);
            signatures.Add(new TufSignature(signer.PublicKey.KeyId, signer.Method, value));
        }

        return Write(canonicalSigned.Span, signatures);
    }

    [GeneratedRegex("^[a-z0-9-]{1,128}$")]
    private static partial Regex SafeToken();
}
