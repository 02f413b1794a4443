using System.Text.Json;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// root.json's "signed": every key of the repository's base roles and their thresholds.
/// Spec: https://theupdateframework.github.io/specification/latest/, https://github.com/notaryproject/notary/blob/master/tuf/data/root.go.
/// </summary>
public sealed class TufRoot
{
    public const string TypeName = "Root";

    public required int Version { get; init; }

    public required DateTimeOffset Expires { get; init; }

    public required IReadOnlyDictionary<string, TufKey> Keys { get; init; }

    public required IReadOnlyDictionary<string, TufRoleKeys> Roles { get; init; }

    public bool ConsistentSnapshot { get; init; }

    /// <summary>The keys of a base role, with its threshold; throws when root does not define it.</summary>
    public (IReadOnlyDictionary<string, TufKey> Keys, int Threshold) KeysFor(string role)
    {
        if (!Roles.TryGetValue(role, out var entry))
        {
            throw TufJsonReader.Invalid("root.json", $"the role \"{role}\" is not defined");
        }

        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        foreach (var keyId in entry.KeyIds)
        {
            if (Keys.TryGetValue(keyId, out var key))
            {
                keys[keyId] = key;
            }
        }

        return (keys, entry.Threshold);
    }

    public static TufRoot Parse(JsonElement signedObject)
    {
        const string What = "root.json";
        var header = TufRoleHeader.Read(signedObject, TypeName, What);
        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        foreach (var key in TufJsonReader.Object(signedObject, "keys", What).EnumerateObject())
        {
            keys[key.Name] = TufKeyFactory.Parse(key.Value, key.Name, What);
        }

        var roles = new Dictionary<string, TufRoleKeys>(StringComparer.Ordinal);
        foreach (var role in TufJsonReader.Object(signedObject, "roles", What).EnumerateObject())
        {
            roles[role.Name] = new TufRoleKeys(
                TufJsonReader.StringArray(TufJsonReader.Array(role.Value, "keyids", What), What),
                TufRoleHeader.Threshold(role.Value, What));
        }

        foreach (var required in new[] { TufRoleName.Root, TufRoleName.Targets, TufRoleName.Snapshot, TufRoleName.Timestamp })
        {
            if (!roles.ContainsKey(required))
            {
                throw TufJsonReader.Invalid(What, $"the role \"{required}\" is not defined");
            }
        }

        return new TufRoot
        {
            Version = header.Version,
            Expires = header.Expires,
            Keys = keys,
            Roles = roles,
            ConsistentSnapshot = signedObject.TryGetProperty("consistent_snapshot", out var consistent) && consistent.ValueKind == JsonValueKind.True,
        };
    }
}
