using System.Text.Json;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// timestamp.json's "signed": the hash of the current snapshot.json.
/// Spec: https://theupdateframework.github.io/specification/latest/, https://github.com/notaryproject/notary/blob/master/tuf/data/timestamp.go.
/// </summary>
public sealed class TufTimestamp
{
    public const string TypeName = "Timestamp";

    public required int Version { get; init; }

    public required DateTimeOffset Expires { get; init; }

    public required TufFileMeta Snapshot { get; init; }

    public static TufTimestamp Parse(JsonElement signedObject)
    {
        const string What = "timestamp.json";
        var parsed = TufSnapshot.Parse(signedObject, TypeName, What);
        if (!parsed.Meta.TryGetValue(TufRoleName.Snapshot, out var snapshot))
        {
            throw TufJsonReader.Invalid(What, "it does not list snapshot");
        }

        return new TufTimestamp { Version = parsed.Version, Expires = parsed.Expires, Snapshot = snapshot };
    }
}
