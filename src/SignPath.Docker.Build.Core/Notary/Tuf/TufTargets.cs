using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// "signed" of targets.json or a delegation (targets/releases, …): target name → file, plus child delegations.
/// Spec: https://theupdateframework.github.io/specification/latest/, https://github.com/notaryproject/notary/blob/master/tuf/data/targets.go.
/// </summary>
public sealed class TufTargets
{
    public const string TypeName = "Targets";

    public required int Version { get; init; }

    public required DateTimeOffset Expires { get; init; }

    public required IReadOnlyDictionary<string, TufFileMeta> Targets { get; init; }

    public TufDelegations Delegations { get; init; } = TufDelegations.Empty;

    public static TufTargets Parse(JsonElement signedObject, string what)
    {
        var header = TufRoleHeader.Read(signedObject, TypeName, what);
        var targets = new Dictionary<string, TufFileMeta>(StringComparer.Ordinal);
        if (TufJsonReader.OptionalObject(signedObject, "targets", what) is { } map)
        {
            foreach (var target in map.EnumerateObject())
            {
                targets[target.Name] = TufFileMeta.Parse(target.Value, what);
            }
        }

        return new TufTargets
        {
            Version = header.Version,
            Expires = header.Expires,
            Targets = targets,
            Delegations = TufDelegations.Parse(TufJsonReader.OptionalObject(signedObject, "delegations", what), what),
        };
    }

    /// <summary>The "signed" object as notary writes it (empty maps included, as the CLI does).</summary>
    public JsonObject ToJson()
    {
        var targets = new JsonObject();
        foreach (var (name, meta) in Targets)
        {
            targets[name] = meta.ToJson();
        }

        return new JsonObject
        {
            ["_type"] = TypeName,
            ["delegations"] = Delegations.ToJson(),
            ["expires"] = TufTime.Format(Expires),
            ["targets"] = targets,
            ["version"] = Version,
        };
    }
}
