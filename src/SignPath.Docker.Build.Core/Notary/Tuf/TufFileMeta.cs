using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// A file's length and hashes as snapshot/timestamp/targets list them. Hashes are raw bytes (base64 on
/// the wire, not hex). "custom" is kept as-is so copying another writer's target does not alter it.
/// Spec: https://theupdateframework.github.io/specification/latest/, https://github.com/notaryproject/notary/blob/master/tuf/data/types.go.
/// </summary>
public sealed class TufFileMeta
{
    public const string Sha256Name = "sha256";
    public const string Sha512Name = "sha512";

    public TufFileMeta(long length, IReadOnlyDictionary<string, byte[]> hashes, JsonElement? custom = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        Hashes = hashes;
        Custom = custom;
    }

    public long Length { get; }

    public IReadOnlyDictionary<string, byte[]> Hashes { get; }

    public JsonElement? Custom { get; }

    public byte[]? Sha256 => Hashes.TryGetValue(Sha256Name, out var hash) ? hash : null;

    /// <summary>sha256 and sha512 of <paramref name="content"/>, as the notary CLI writes them.</summary>
    public static TufFileMeta ForContent(ReadOnlySpan<byte> content) =>
        new(content.Length, new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [Sha256Name] = SHA256.HashData(content),
            [Sha512Name] = SHA512.HashData(content),
        });

    /// <summary>An image target from its registry digest alone (sha256 only, as docker writes it).</summary>
    public static TufFileMeta ForSha256(byte[] sha256, long length)
    {
        if (sha256.Length != 32)
        {
            throw new ArgumentException("A SHA-256 hash has 32 bytes.", nameof(sha256));
        }

        return new TufFileMeta(length, new Dictionary<string, byte[]>(StringComparer.Ordinal) { [Sha256Name] = sha256 });
    }

    /// <summary>
    /// True when the length matches and every sha256/sha512 listed matches; at least one of them must be
    /// listed. Unknown hash names are ignored, as notary does.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> content)
    {
        if (content.Length != Length)
        {
            return false;
        }

        var checkedAny = false;
        foreach (var (name, expected) in Hashes)
        {
            byte[]? actual = name switch
            {
                Sha256Name => SHA256.HashData(content),
                Sha512Name => SHA512.HashData(content),
                _ => null,
            };
            if (actual is null)
            {
                continue;
            }

            if (!CryptographicOperations.FixedTimeEquals(actual, expected))
            {
                return false;
            }

            checkedAny = true;
        }

        return checkedAny;
    }

    public JsonObject ToJson()
    {
        var hashes = new JsonObject();
        foreach (var (name, value) in Hashes)
        {
            hashes[name] = Convert.ToBase64String(value);
        }

        var json = new JsonObject { ["hashes"] = hashes, ["length"] = Length };
        if (Custom is { } custom)
        {
            json["custom"] = JsonNode.Parse(custom.GetRawText());
        }

        return json;
    }

    /// <summary>Same canonical JSON: what "unchanged" means when comparing two targets files.</summary>
    public bool SameAs(TufFileMeta other) =>
        CanonicalJson.Serialize(ToJson()).AsSpan().SequenceEqual(CanonicalJson.Serialize(other.ToJson()));

    internal static TufFileMeta Parse(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw TufJsonReader.Invalid(what, "a file entry is not an object");
        }

        var length = TufJsonReader.Integer(element, "length", what);
        if (length < 0)
        {
            throw TufJsonReader.Invalid(what, "a file length is negative");
        }

        var hashes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var hash in TufJsonReader.Object(element, "hashes", what).EnumerateObject())
        {
            if (hash.Value.ValueKind != JsonValueKind.String)
            {
                throw TufJsonReader.Invalid(what, $"hash \"{hash.Name}\" is not a string");
            }

            hashes[hash.Name] = TufJsonReader.Base64(hash.Value.GetString()!, what);
        }

        if (hashes.TryGetValue(Sha256Name, out var sha256) && sha256.Length != 32
            || hashes.TryGetValue(Sha512Name, out var sha512) && sha512.Length != 64)
        {
            throw TufJsonReader.Invalid(what, "a hash has the wrong length");
        }

        JsonElement? custom = element.TryGetProperty("custom", out var c) && c.ValueKind != JsonValueKind.Null ? c.Clone() : null;
        return new TufFileMeta(length, hashes, custom);
    }
}
