using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary.SigningData;

/// <summary>
/// One repository in the Docker signing data: its verified trust data as fetched and the new, unsigned
/// versions of the delegation roles the signer is asked to sign (all claiming the same targets).
/// </summary>
public sealed record NotarySigningRepository(TrustData Trust, IReadOnlyList<DelegationUpdate> Updates)
{
    /// <summary>The first half of signing: the next version of each role with <paramref name="claimedTargets"/> set, built on verified trust data.</summary>
    public static NotarySigningRepository Build(
        TrustData trust, IReadOnlyList<string> delegationRoles, IReadOnlyDictionary<string, TufFileMeta> claimedTargets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(delegationRoles);
        return new NotarySigningRepository(trust, [.. delegationRoles.Select(role => DelegationUpdateBuilder.Build(trust, role, claimedTargets, now))]);
    }

    /// <summary>Role → the canonical "signed" bytes submitted for signing.</summary>
    public IReadOnlyDictionary<string, byte[]> UnsignedRoles =>
        Updates.ToDictionary(update => update.Role, update => update.CanonicalSigned, StringComparer.Ordinal);

    /// <summary>The delegation roles to sign, in submission order.</summary>
    public IReadOnlyList<string> DelegationRoles => [.. Updates.Select(update => update.Role)];

    /// <summary>Every tag any update claims; the signer checks that nothing else changes.</summary>
    public IReadOnlyDictionary<string, TufFileMeta> ClaimedTargets
    {
        get
        {
            var claimed = new Dictionary<string, TufFileMeta>(StringComparer.Ordinal);
            foreach (var update in Updates)
            {
                foreach (var (name, meta) in update.ClaimedTargets)
                {
                    claimed[name] = meta;
                }
            }

            return claimed;
        }
    }
}
