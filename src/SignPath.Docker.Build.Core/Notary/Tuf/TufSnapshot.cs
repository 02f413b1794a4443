using System.Text.Json;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// snapshot.json's "signed": the hashes of root, targets and every delegation file.
/// Spec: https://theupdateframework.github.io/specification/latest/, https://github.com/notaryproject/notary/blob/master/tuf/data/snapshot.go.
/// </summary>
public sealed class TufSnapshot
{
    public const string TypeName = "Snapshot";

    public required int Version { get; init; }

    public required DateTimeOffset Expires { get; init; }

    public required IReadOnlyDictionary<string, TufFileMeta> Meta { get; init; }

    public static TufSnapshot Parse(JsonElement signedObject) => Parse(signedObject, TypeName, "snapshot.json");

    internal static TufSnapshot Parse(JsonElement signedObject, string type, string what)
    {
        var header = TufRoleHeader.Read(signedObject, type, what);
        var meta = new Dictionary<string, TufFileMeta>(StringComparer.Ordinal);
        foreach (var entry in TufJsonReader.Object(signedObject, "meta", what).EnumerateObject())
        {
            meta[entry.Name] = TufFileMeta.Parse(entry.Value, what);
        }

        return new TufSnapshot { Version = header.Version, Expires = header.Expires, Meta = meta };
    }
}
