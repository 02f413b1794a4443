using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary.Trust;

/// <summary>A repository's verified trust data at one moment: the chain from root to every delegation.</summary>
public sealed class TrustData
{
    public required string Gun { get; init; }

    public required TufSigned<TufRoot> Root { get; init; }

    public required TufSigned<TufTimestamp> Timestamp { get; init; }

    public required TufSigned<TufSnapshot> Snapshot { get; init; }

    public required TufSigned<TufTargets> Targets { get; init; }

    /// <summary>Every delegation the snapshot lists, by role name (targets/releases, …).</summary>
    public required IReadOnlyDictionary<string, TufSigned<TufTargets>> Delegations { get; init; }

    /// <summary>Role → version; persist it and pass it back as the rollback floor next time.</summary>
    public IReadOnlyDictionary<string, int> Versions
    {
        get
        {
            var versions = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                [TufRoleName.Root] = Root.Role.Version,
                [TufRoleName.Timestamp] = Timestamp.Role.Version,
                [TufRoleName.Snapshot] = Snapshot.Role.Version,
                [TufRoleName.Targets] = Targets.Role.Version,
            };
            foreach (var (name, delegation) in Delegations)
            {
                versions[name] = delegation.Role.Version;
            }

            return versions;
        }
    }

    /// <summary>targets.json or a delegation by role name, or null when it does not exist (yet).</summary>
    public TufSigned<TufTargets>? FindTargetsRole(string role) =>
        role == TufRoleName.Targets ? Targets : Delegations.GetValueOrDefault(role);

    /// <summary>A delegation's entry in its parent (keys, threshold, paths), or null if the parent does not delegate it.</summary>
    public (TufDelegationRole Role, IReadOnlyDictionary<string, TufKey> Keys)? FindDelegation(string role)
    {
        if (!TufRoleName.IsDelegation(role) || FindTargetsRole(TufRoleName.Parent(role)) is not { } parent)
        {
            return null;
        }

        var entry = parent.Role.Delegations.Find(role);
        return entry is null ? null : (entry, parent.Role.Delegations.KeysFor(entry));
    }
}
