using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// One entry of a targets file's delegations.roles: a child role, its keys, threshold and paths.
/// Spec: https://theupdateframework.github.io/specification/latest/, https://github.com/notaryproject/notary/blob/master/tuf/data/roles.go.
/// </summary>
public sealed record TufDelegationRole(string Name, IReadOnlyList<string> KeyIds, int Threshold, IReadOnlyList<string> Paths, IReadOnlyList<string>? PathHashPrefixes = null)
{
    /// <summary>True when the role may sign <paramref name="target"/>: a path prefix matches ("" matches all).</summary>
    public bool Covers(string target) =>
        Paths.Any(prefix => target.StartsWith(prefix, StringComparison.Ordinal))
        || PathHashPrefixes is { Count: > 0 } && PathHashPrefixes.Any(prefix => Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(target))).StartsWith(prefix, StringComparison.Ordinal));

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["keyids"] = new JsonArray([.. KeyIds.Select(id => (JsonNode?)id)]),
            ["name"] = Name,
            ["paths"] = new JsonArray([.. Paths.Select(path => (JsonNode?)path)]),
            ["threshold"] = Threshold,
        };
        if (PathHashPrefixes is { Count: > 0 })
        {
            json["path_hash_prefixes"] = new JsonArray([.. PathHashPrefixes.Select(prefix => (JsonNode?)prefix)]);
        }

        return json;
    }

    internal static TufDelegationRole Parse(JsonElement element, string what)
    {
        var name = TufJsonReader.String(element, "name", what);
        if (!TufRoleName.IsDelegation(name))
        {
            throw TufJsonReader.Invalid(what, $"\"{name}\" is not a valid delegation name");
        }

        var paths = element.TryGetProperty("paths", out var p) && p.ValueKind == JsonValueKind.Array ? TufJsonReader.StringArray(p, what) : [];
        var prefixes = element.TryGetProperty("path_hash_prefixes", out var h) && h.ValueKind == JsonValueKind.Array ? TufJsonReader.StringArray(h, what) : null;
        return new TufDelegationRole(
            name,
            TufJsonReader.StringArray(TufJsonReader.Array(element, "keyids", what), what),
            TufRoleHeader.Threshold(element, what),
            paths,
            prefixes);
    }
}
