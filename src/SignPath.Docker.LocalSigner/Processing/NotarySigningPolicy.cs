using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.SigningData;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// What SignPath decides before it signs a Docker Content Trust delegation: the repository is registered
/// (its root key), the trust chain root → targets → delegation holds, and each new delegation version
/// changes only the claimed tags, to the claimed digests. Then it signs each version with the delegation key.
/// Denials are <see cref="SignPathDockerException"/>s whose message is the reason.
/// </summary>
public sealed class NotarySigningPolicy
{
    public const int MaxLifetimeYears = 10;

    private readonly NotaryRootRegistry _roots;
    private readonly ITufSigner _signer;
    private readonly TimeProvider _time;

    public NotarySigningPolicy(NotaryRootRegistry roots, NotaryDelegationKey key, TimeProvider time)
        : this(roots, key?.Signer ?? throw new ArgumentNullException(nameof(key)), time)
    {
    }

    public NotarySigningPolicy(NotaryRootRegistry roots, ITufSigner signer, TimeProvider time)
    {
        _roots = roots;
        _signer = signer;
        _time = time;
    }

    /// <summary>Checks every repository first, then signs: one bad repository denies the whole request.</summary>
    /// <param name="corruptSignatures">Fault injection: sign other bytes, so the build's verification must refuse the result.</param>
    /// <param name="tampering">Fault injection: one of <see cref="Faults.FaultKinds.NotaryTampering"/>; after the checks, sign a tampered version.</param>
    /// <returns>Entry name → signed envelope, for the signed zip.</returns>
    public async Task<IReadOnlyList<ArtifactZipEntry>> CheckAndSignAsync(
        IReadOnlyList<NotarySigningRequestRepository> repositories, bool corruptSignatures, CancellationToken cancellationToken, string? tampering = null)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var now = _time.GetUtcNow();
        var toSign = new List<(string Entry, byte[] Canonical, IReadOnlyDictionary<string, TufFileMeta> Claimed)>();
        foreach (var repository in repositories)
        {
            foreach (var role in Check(repository, now))
            {
                toSign.Add((NotarySigningData.SignedEntry(repository.Index, role), repository.UnsignedRoles[role], repository.ClaimedTargets));
            }
        }

        using var otherKey = tampering == Faults.FaultKinds.NotaryOtherKey ? NotaryDelegationKey.CreateInMemory(now) : null;
        var signer = otherKey?.Signer ?? _signer;
        var signed = new List<ArtifactZipEntry>();
        foreach (var (entry, submitted, claimed) in toSign)
        {
            var canonical = NotaryOutputTampering.Apply(tampering, submitted, claimed);
            var signature = await signer.SignAsync(corruptSignatures ? (byte[])[.. canonical, 0] : canonical, cancellationToken);
            signed.Add(new ArtifactZipEntry(entry, TufEnvelope.Write(canonical, [new TufSignature(signer.PublicKey.KeyId, signer.Method, signature)])));
        }

        return signed;
    }

    /// <summary>Returns the roles to sign, or throws the reason for denial.</summary>
    private IReadOnlyList<string> Check(NotarySigningRequestRepository repository, DateTimeOffset now)
    {
        var gun = repository.Gun;
        var registered = _roots.Find(gun);
        if (registered.Count == 0)
        {
            throw Deny(ErrorCodes.RootNotTrusted, $"the repository {gun} is not registered (no root certificate with CN={gun})");
        }

        var rootEnvelope = Parse(repository.Root, $"root.json of {gun}");
        var root = Invalid(() => TufRoot.Parse(rootEnvelope.SignedObject));
        var listed = root.KeysFor(TufRoleName.Root).Keys;
        var trusted = registered.Where(key => listed.ContainsKey(key.Key)).ToDictionary(StringComparer.Ordinal);
        if (trusted.Count == 0)
        {
            throw Deny(ErrorCodes.RootNotTrusted, $"root.json of {gun} does not list the registered root key as a root key");
        }

        Invalid(() => TufThresholdCheck.Require(rootEnvelope, $"root.json of {gun}", trusted, 1));
        if (root.Expires <= now)
        {
            throw Deny(ErrorCodes.TrustDataInvalid, $"root.json of {gun} expired at {TufTime.Format(root.Expires)}");
        }

        var targetsEnvelope = Parse(repository.Targets, $"targets.json of {gun}");
        var (targetsKeys, targetsThreshold) = root.KeysFor(TufRoleName.Targets);
        Invalid(() => TufThresholdCheck.Require(targetsEnvelope, $"targets.json of {gun}", targetsKeys, targetsThreshold));
        var targets = Invalid(() => TufTargets.Parse(targetsEnvelope.SignedObject, $"targets.json of {gun}"));
        var snapshot = Invalid(() => TufSnapshot.Parse(Parse(repository.Snapshot, $"snapshot.json of {gun}").SignedObject));

        foreach (var role in repository.DelegationRoles)
        {
            CheckRole(repository, role, targets, snapshot, now);
        }

        return repository.DelegationRoles;
    }

    private void CheckRole(NotarySigningRequestRepository repository, string role, TufTargets targets, TufSnapshot snapshot, DateTimeOffset now)
    {
        var gun = repository.Gun;
        var what = $"{role} of {gun}";
        // SignPath signs the delegations targets.json makes (targets/releases, targets/signpath), not deeper ones.
        var entry = TufRoleName.Parent(role) == TufRoleName.Targets ? targets.Delegations.Find(role) : null;
        if (entry is null)
        {
            throw Deny(ErrorCodes.DelegationRoleMissing, $"targets.json of {gun} does not delegate {role}");
        }

        var delegationKeys = targets.Delegations.KeysFor(entry);
        if (!delegationKeys.ContainsKey(_signer.PublicKey.KeyId))
        {
            throw Deny(ErrorCodes.DelegationRoleMissing, $"{role} of {gun} does not list the signer's delegation key {_signer.PublicKey.KeyId}");
        }

        TufTargets? previous = null;
        if (repository.CurrentDelegations.TryGetValue(role, out var currentFile))
        {
            if (snapshot.Meta.TryGetValue(role, out var listedMeta) && !listedMeta.Matches(currentFile))
            {
                throw Deny(ErrorCodes.TrustDataInvalid, $"the current {what} does not match snapshot.json");
            }

            var currentEnvelope = Parse(currentFile, $"the current {what}");
            Invalid(() => TufThresholdCheck.Require(currentEnvelope, $"the current {what}", delegationKeys, entry.Threshold));
            previous = Invalid(() => TufTargets.Parse(currentEnvelope.SignedObject, what));
        }
        else if (snapshot.Meta.ContainsKey(role))
        {
            throw Deny(ErrorCodes.TrustDataInvalid, $"snapshot.json of {gun} lists {role}, but its current file was not submitted");
        }

        var unsignedBytes = repository.UnsignedRoles[role];
        TufTargets updated;
        try
        {
            using var document = StrictJson.Parse(unsignedBytes, $"the unsigned {what}");
            if (!CanonicalJson.Serialize(document.RootElement).AsSpan().SequenceEqual(unsignedBytes))
            {
                throw Deny(ErrorCodes.DelegationUpdateInvalid, $"the unsigned {what} is not canonical JSON");
            }

            updated = TufTargets.Parse(document.RootElement, $"the unsigned {what}");
        }
        catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.TrustDataInvalid)
        {
            throw Deny(ErrorCodes.DelegationUpdateInvalid, exception.Message.TrimEnd('.'));
        }

        var expectedVersion = (previous?.Version ?? 0) + 1;
        if (updated.Version != expectedVersion)
        {
            throw Deny(ErrorCodes.DelegationUpdateInvalid, $"the new {what} has version {updated.Version}, not {expectedVersion}");
        }

        if (updated.Expires <= now || updated.Expires > now.AddYears(MaxLifetimeYears))
        {
            throw Deny(ErrorCodes.DelegationUpdateInvalid, $"the new {what} expires at {TufTime.Format(updated.Expires)}, not within {MaxLifetimeYears} years from now");
        }

        if (updated.Delegations.Roles.Count > 0 || updated.Delegations.Keys.Count > 0)
        {
            throw Deny(ErrorCodes.DelegationUpdateInvalid, $"the new {what} adds delegations");
        }

        CheckTargets(what, entry, previous?.Targets ?? new Dictionary<string, TufFileMeta>(), updated.Targets, repository.ClaimedTargets);
    }

    private static void CheckTargets(
        string what,
        TufDelegationRole entry,
        IReadOnlyDictionary<string, TufFileMeta> before,
        IReadOnlyDictionary<string, TufFileMeta> after,
        IReadOnlyDictionary<string, TufFileMeta> claimed)
    {
        foreach (var (name, meta) in after)
        {
            if (claimed.TryGetValue(name, out var claim))
            {
                // The claim states sha256 and length only; other hashes (sha512) are not compared.
                if (meta.Length != claim.Length || meta.Sha256 is not { } sha256 || !sha256.AsSpan().SequenceEqual(claim.Sha256))
                {
                    throw Deny(ErrorCodes.DelegationUpdateInvalid, $"the target '{name}' in the new {what} does not have the claimed sha256 and length");
                }

                if (!entry.Covers(name))
                {
                    throw Deny(ErrorCodes.DelegationUpdateInvalid, $"the target '{name}' is outside the paths of {what}");
                }
            }
            else if (!before.TryGetValue(name, out var old))
            {
                throw Deny(ErrorCodes.DelegationUpdateInvalid, $"the new {what} adds the unclaimed target '{name}'");
            }
            else if (!meta.SameAs(old))
            {
                throw Deny(ErrorCodes.DelegationUpdateInvalid, $"the new {what} changes the unclaimed target '{name}'");
            }
        }

        if (claimed.Keys.Concat(before.Keys).FirstOrDefault(name => !after.ContainsKey(name)) is { } dropped)
        {
            throw Deny(ErrorCodes.DelegationUpdateInvalid, $"the new {what} drops the target '{dropped}'");
        }
    }

    private static TufEnvelope Parse(byte[] file, string what) => Invalid(() => TufEnvelope.Parse(file, what));

    // Malformed or badly signed trust data is a denial, worded with the parser's reason.
    private static T Invalid<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.TrustDataInvalid)
        {
            throw Deny(ErrorCodes.TrustDataInvalid, exception.Message.TrimEnd('.'));
        }
    }

    private static void Invalid(Action check) => Invalid(() =>
    {
        check();
        return true;
    });

    private static SignPathDockerException Deny(string code, string reason) =>
        new(code, $"Notary signing denied: {reason}.");
}
