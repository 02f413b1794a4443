using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// Checks a signed delegation file before it is published (e.g. what a remote signer returned): signed
/// by the role's keys, only the claimed targets differ from the previous version, version increased,
/// expiry in the future but less than ten years away, no sub-delegations.
/// Spec: https://theupdateframework.github.io/specification/latest/, https://github.com/notaryproject/notary/blob/master/server/handlers/validation.go.
/// </summary>
internal static class DelegationUpdateChecker
{
    public const int MaxLifetimeYears = 10;

    /// <summary>
    /// The second half of signing, before publishing: every submitted role came back, passes
    /// <see cref="Check(TrustData, string, byte[], IReadOnlyDictionary{string, TufFileMeta}, DateTimeOffset)"/>
    /// against <paramref name="trust"/> (fetched now) and signs exactly the submitted bytes.
    /// </summary>
    /// <param name="unsignedRoles">Role → the canonical "signed" bytes that were submitted.</param>
    /// <param name="signedFiles">Role → the envelope the signer returned.</param>
    /// <returns>Role → file to publish, in submission order.</returns>
    public static IReadOnlyDictionary<string, byte[]> CheckSigned(
        TrustData trust,
        IReadOnlyDictionary<string, byte[]> unsignedRoles,
        IReadOnlyDictionary<string, byte[]> signedFiles,
        IReadOnlyDictionary<string, TufFileMeta> claimedTargets,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(unsignedRoles);
        ArgumentNullException.ThrowIfNull(signedFiles);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (role, unsigned) in unsignedRoles)
        {
            if (!signedFiles.TryGetValue(role, out var file))
            {
                throw new SignPathDockerException(
                    ErrorCodes.SignedTrustDataRejected,
                    $"The signed Docker signing data has no {role} for {trust.Gun}; nothing was published.",
                    "Check the SignPath artifact configuration (type Docker signing data).");
            }

            // The specific reasons (extra target, wrong digest, stale version, wrong key) come first; a file
            // that passes but still differs from what was submitted (e.g. another expiry) is refused after.
            var signed = Check(trust, role, file, claimedTargets, now);
            if (!signed.Envelope.CanonicalSigned().AsSpan().SequenceEqual(unsigned))
            {
                throw Refused(role, "it signs another version than the one submitted for signing");
            }

            files[role] = file;
        }

        return files;
    }

    public static TufSigned<TufTargets> Check(TrustData trust, string role, byte[] signedFile, IReadOnlyDictionary<string, TufFileMeta> claimedTargets, DateTimeOffset now)
    {
        var (entry, keys) = trust.FindDelegation(role) ?? throw DelegationUpdateBuilder.Missing(trust.Gun, role);
        return Check(trust.FindTargetsRole(role)?.Role, signedFile, entry, keys, claimedTargets, now);
    }

    /// <param name="previous">The verified current version, or null when the role has no file yet.</param>
    /// <param name="delegation">The role's entry in its parent (threshold, paths).</param>
    /// <param name="delegationKeys">The keys the parent lists for the role.</param>
    public static TufSigned<TufTargets> Check(
        TufTargets? previous,
        byte[] signedFile,
        TufDelegationRole delegation,
        IReadOnlyDictionary<string, TufKey> delegationKeys,
        IReadOnlyDictionary<string, TufFileMeta> claimedTargets,
        DateTimeOffset now)
    {
        var role = delegation.Name;
        TufEnvelope envelope;
        TufTargets updated;
        try
        {
            envelope = TufEnvelope.Parse(signedFile, role);
            updated = TufTargets.Parse(envelope.SignedObject, role);
        }
        catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.TrustDataInvalid)
        {
            throw Refused(role, exception.Message, exception);
        }

        try
        {
            TufThresholdCheck.Require(envelope, role, delegationKeys, delegation.Threshold);
        }
        catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.TrustDataInvalid)
        {
            var registered = string.Join(", ", delegationKeys.Keys);
            var signedBy = string.Join(", ", envelope.Signatures.Select(signature => signature.KeyId).Distinct(StringComparer.Ordinal));
            throw Refused(role, $"it has no valid signature by the delegation key registered for it ({registered}); it carries signatures by {(signedBy.Length == 0 ? "no key" : signedBy)}", exception);
        }

        if (previous is not null && updated.Version <= previous.Version)
        {
            throw Refused(role, $"version {updated.Version} is not above the current version {previous.Version}");
        }

        if (updated.Expires <= now || updated.Expires > now.AddYears(MaxLifetimeYears))
        {
            throw Refused(role, $"it expires at {TufTime.Format(updated.Expires)}, not within {MaxLifetimeYears} years from now");
        }

        if (updated.Delegations.Roles.Count > 0 || updated.Delegations.Keys.Count > 0)
        {
            throw Refused(role, "it adds delegations");
        }

        var before = previous?.Targets ?? new Dictionary<string, TufFileMeta>();
        foreach (var (name, meta) in updated.Targets)
        {
            var expected = claimedTargets.GetValueOrDefault(name) ?? before.GetValueOrDefault(name);
            if (expected is null)
            {
                throw Refused(role, $"it adds the unclaimed target '{name}'");
            }

            if (!meta.SameAs(expected))
            {
                throw Refused(role, claimedTargets.ContainsKey(name)
                    ? $"the target '{name}' does not have the claimed digest and length"
                    : $"it changes the unclaimed target '{name}'");
            }

            if (!delegation.Covers(name))
            {
                throw Refused(role, $"the target '{name}' is outside the role's paths");
            }
        }

        if (claimedTargets.Keys.Concat(before.Keys).FirstOrDefault(name => !updated.Targets.ContainsKey(name)) is { } dropped)
        {
            throw Refused(role, $"it drops the target '{dropped}'");
        }

        return new TufSigned<TufTargets>(envelope, updated);
    }

    private static SignPathDockerException Refused(string role, string why, Exception? inner = null) =>
        new(ErrorCodes.DelegationUpdateInvalid, $"The signed update of {role} is refused: {why.TrimEnd('.')}; nothing was published.", innerException: inner);
}
