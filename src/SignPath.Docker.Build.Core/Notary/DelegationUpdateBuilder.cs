using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// Builds the next version of a delegation (targets/releases, targets/signpath) that adds or moves the
/// claimed tags: every other existing target is copied unchanged, so other writers' tags survive.
/// Spec: https://theupdateframework.github.io/specification/latest/, https://github.com/notaryproject/notary/blob/master/client/delegations.go.
/// </summary>
internal static class DelegationUpdateBuilder
{
    /// <summary>notary's default delegation lifetime.</summary>
    public const int LifetimeYears = 3;

    public static DelegationUpdate Build(TrustData trust, string role, IReadOnlyDictionary<string, TufFileMeta> claimedTargets, DateTimeOffset now)
    {
        TufRoleName.ValidateDelegation(role);
        if (claimedTargets.Count == 0)
        {
            throw new ArgumentException("At least one target (tag) must be claimed.", nameof(claimedTargets));
        }

        var (entry, _) = trust.FindDelegation(role) ?? throw Missing(trust.Gun, role);
        if (claimedTargets.Keys.FirstOrDefault(target => !entry.Covers(target)) is { } outside)
        {
            throw new SignPathDockerException(
                ErrorCodes.DelegationUpdateInvalid,
                $"{role} of {trust.Gun} may not sign '{outside}': it is outside the role's paths.");
        }

        var previous = trust.FindTargetsRole(role)?.Role;
        var targets = new Dictionary<string, TufFileMeta>(previous?.Targets ?? new Dictionary<string, TufFileMeta>(), StringComparer.Ordinal);
        foreach (var (name, meta) in claimedTargets)
        {
            targets[name] = meta;
        }

        var updated = new TufTargets
        {
            Version = (previous?.Version ?? 0) + 1,
            Expires = now.ToUniversalTime().AddYears(LifetimeYears),
            Targets = targets,
            Delegations = TufDelegations.Empty,
        };
        return new DelegationUpdate(role, updated, CanonicalJson.Serialize(updated.ToJson()), claimedTargets);
    }

    internal static SignPathDockerException Missing(string gun, string role) =>
        new(ErrorCodes.DelegationRoleMissing,
            $"The trust data of {gun} has no delegation {role}.",
            $"Add the signing certificate as a delegation first, e.g. notary delegation add {gun} {role} <cert> --all-paths, then publish.");
}
