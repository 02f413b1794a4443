using System.Text.Json.Nodes;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>The "signed" object of root.json as notary writes it, from keys and role assignments.</summary>
internal static class TufRootWriter
{
    public static JsonObject ToJson(TufRoot root)
    {
        var keys = new JsonObject();
        foreach (var (keyId, key) in root.Keys)
        {
            keys[keyId] = JsonNode.Parse(key.CanonicalJson);
        }

        var roles = new JsonObject();
        foreach (var (name, role) in root.Roles)
        {
            roles[name] = new JsonObject
            {
                ["keyids"] = new JsonArray([.. role.KeyIds.Select(id => (JsonNode?)id)]),
                ["threshold"] = role.Threshold,
            };
        }

        return new JsonObject
        {
            ["_type"] = TufRoot.TypeName,
            ["consistent_snapshot"] = root.ConsistentSnapshot,
            ["expires"] = TufTime.Format(root.Expires),
            ["keys"] = keys,
            ["roles"] = roles,
            ["version"] = root.Version,
        };
    }

    /// <summary>One key per base role, threshold 1: the layout `notary init` creates.</summary>
    public static TufRoot Create(int version, DateTimeOffset expires, TufKey rootKey, TufKey targetsKey, TufKey snapshotKey, TufKey timestampKey)
    {
        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        var roles = new Dictionary<string, TufRoleKeys>(StringComparer.Ordinal);
        foreach (var (role, key) in new[] { (TufRoleName.Root, rootKey), (TufRoleName.Targets, targetsKey), (TufRoleName.Snapshot, snapshotKey), (TufRoleName.Timestamp, timestampKey) })
        {
            keys[key.KeyId] = key;
            roles[role] = new TufRoleKeys([key.KeyId], 1);
        }

        return new TufRoot { Version = version, Expires = expires, Keys = keys, Roles = roles };
    }
}
