using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// A targets file's "delegations": the child roles' keys and roles.
/// Spec: https://theupdateframework.github.io/specification/latest/, https://github.com/notaryproject/notary/blob/master/tuf/data/roles.go.
/// </summary>
public sealed record TufDelegations(IReadOnlyDictionary<string, TufKey> Keys, IReadOnlyList<TufDelegationRole> Roles)
{
    public static readonly TufDelegations Empty = new(new Dictionary<string, TufKey>(StringComparer.Ordinal), []);

    public TufDelegationRole? Find(string role) => Roles.FirstOrDefault(r => string.Equals(r.Name, role, StringComparison.Ordinal));

    /// <summary>The keys listed for <paramref name="role"/> (IDs that are not in "keys" are skipped).</summary>
    public IReadOnlyDictionary<string, TufKey> KeysFor(TufDelegationRole role)
    {
        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        foreach (var keyId in role.KeyIds)
        {
            if (Keys.TryGetValue(keyId, out var key))
            {
                keys[keyId] = key;
            }
        }

        return keys;
    }

    public JsonObject ToJson()
    {
        var keys = new JsonObject();
        foreach (var (keyId, key) in Keys)
        {
            keys[keyId] = JsonNode.Parse(key.CanonicalJson);
        }

        return new JsonObject { ["keys"] = keys, ["roles"] = new JsonArray([.. Roles.Select(role => (JsonNode?)role.ToJson())]) };
    }

    internal static TufDelegations Parse(JsonElement? element, string what)
    {
        if (element is not { } delegations)
        {
            return Empty;
        }

        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        if (TufJsonReader.OptionalObject(delegations, "keys", what) is { } keyMap)
        {
            foreach (var key in keyMap.EnumerateObject())
            {
                keys[key.Name] = TufKeyFactory.Parse(key.Value, key.Name, what);
            }
        }

        var roles = new List<TufDelegationRole>();
        if (delegations.TryGetProperty("roles", out var roleArray) && roleArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var role in roleArray.EnumerateArray())
            {
                roles.Add(TufDelegationRole.Parse(role, what));
            }
        }

        return new TufDelegations(keys, roles);
    }
}
