using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary.SigningData;

/// <summary>
/// One repository of a Docker signing data zip as the signer reads it: the claim from signing-data.json,
/// the trust files exactly as submitted (not yet verified) and the unsigned canonical "signed" bytes per role.
/// </summary>
public sealed class NotarySigningRequestRepository
{
    public required int Index { get; init; }

    public required string Gun { get; init; }

    public required IReadOnlyList<string> DelegationRoles { get; init; }

    /// <summary>Tag → sha256 and length only, as signing-data.json states them.</summary>
    public required IReadOnlyDictionary<string, TufFileMeta> ClaimedTargets { get; init; }

    public required byte[] Root { get; init; }

    public required byte[] Timestamp { get; init; }

    public required byte[] Snapshot { get; init; }

    public required byte[] Targets { get; init; }

    /// <summary>Current delegation files by role; a role without a file yet is absent.</summary>
    public required IReadOnlyDictionary<string, byte[]> CurrentDelegations { get; init; }

    /// <summary>Role → canonical bytes of the new "signed" object to sign.</summary>
    public required IReadOnlyDictionary<string, byte[]> UnsignedRoles { get; init; }
}
