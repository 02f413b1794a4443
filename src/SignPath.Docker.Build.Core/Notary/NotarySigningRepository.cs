namespace SignPath.Docker.Build.Notary;

/// <summary>
/// One repository in the Docker signing data: its verified trust data as fetched and the new, unsigned
/// versions of the delegation roles the signer is asked to sign (all claiming the same targets).
/// </summary>
public sealed record NotarySigningRepository(TrustData Trust, IReadOnlyList<DelegationUpdate> Updates)
{
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
