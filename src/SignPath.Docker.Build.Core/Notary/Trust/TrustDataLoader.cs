using System.Security.Cryptography;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary.Trust;

/// <summary>
/// Fetches a repository's trust data and verifies the whole chain the way a notary client does: root
/// (pinned or trust on first use, following rotations), timestamp → snapshot (hash and length) →
/// targets → delegations (keys, threshold, paths), expiry everywhere, and no version below what the
/// caller saw last.
/// Spec: https://theupdateframework.github.io/specification/latest/, https://github.com/notaryproject/notary/blob/master/client/tufclient.go.
/// </summary>
internal sealed class TrustDataLoader
{
    private readonly NotaryClient _client;
    private readonly TimeProvider _time;
    private readonly IProgressLog _log;

    public TrustDataLoader(NotaryClient client, TimeProvider? time = null, IProgressLog? log = null)
    {
        _client = client;
        _time = time ?? TimeProvider.System;
        _log = log ?? NullProgressLog.Instance;
    }

    /// <param name="lastSeenVersions">Role → version from an earlier <see cref="TrustData.Versions"/>; lower versions are a rollback.</param>
    /// <exception cref="SignPathDockerException">TrustDataNotInitialized, RootNotTrusted or TrustDataInvalid.</exception>
    public async Task<TrustData> LoadAsync(string gun, RootTrustPolicy policy, IReadOnlyDictionary<string, int>? lastSeenVersions, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var floor = lastSeenVersions ?? new Dictionary<string, int>();

        var rootFile = await _client.GetRoleAsync(gun, TufRoleName.Root, cancellationToken)
            ?? throw new SignPathDockerException(
                ErrorCodes.TrustDataNotInitialized,
                $"The Notary server has no trust data for {gun}.",
                "Initialise the repository first (notary init, or docker trust signer add).");

        // Asked for while the root is checked (the answer to the root request told the client how to authenticate).
        var timestampFile = _client.GetRoleAsync(gun, TufRoleName.Timestamp, cancellationToken);
        TufSigned<TufRoot> root;
        try
        {
            root = await new RootVerifier(_client, _log).VerifyAsync(gun, rootFile, policy, now, cancellationToken);
            CheckFreshness(TufRoleName.Root, root.Role.Version, root.Role.Expires, now, floor);
        }
        catch
        {
            await Observe(timestampFile);
            throw;
        }

        var timestampEnvelope = TufEnvelope.Parse(await timestampFile ?? throw Missing(gun, TufRoleName.Timestamp), "timestamp.json");
        RequireSignedBy(timestampEnvelope, TufRoleName.Timestamp, root.Role);
        var timestamp = TufTimestamp.Parse(timestampEnvelope.SignedObject);
        CheckFreshness(TufRoleName.Timestamp, timestamp.Version, timestamp.Expires, now, floor);

        var snapshotEnvelope = await FetchListedAsync(gun, TufRoleName.Snapshot, timestamp.Snapshot, cancellationToken);
        RequireSignedBy(snapshotEnvelope, TufRoleName.Snapshot, root.Role);
        var snapshot = TufSnapshot.Parse(snapshotEnvelope.SignedObject);
        CheckFreshness(TufRoleName.Snapshot, snapshot.Version, snapshot.Expires, now, floor);
        if (snapshot.Meta.TryGetValue(TufRoleName.Root, out var rootMeta) && !rootMeta.Matches(rootFile))
        {
            throw Invalid($"root.json of {gun} does not match the hash in snapshot.json.");
        }

        // targets.json and every delegation the snapshot lists, asked for together: their hashes come from the
        // verified snapshot; each is checked against its parent below, parents first.
        var delegationNames = snapshot.Meta.Keys.Where(TufRoleName.IsDelegation)
            .OrderBy(name => name.Count(c => c == '/')).ThenBy(name => name, StringComparer.Ordinal).ToList();
        var targetsMeta = snapshot.Meta.GetValueOrDefault(TufRoleName.Targets) ?? throw Invalid("snapshot.json does not list targets.");
        var files = await FetchAllListedAsync(gun, [(TufRoleName.Targets, targetsMeta), .. delegationNames.Select(name => (name, snapshot.Meta[name]))], cancellationToken);

        var targetsEnvelope = files[TufRoleName.Targets];
        RequireSignedBy(targetsEnvelope, TufRoleName.Targets, root.Role);
        var targets = TufTargets.Parse(targetsEnvelope.SignedObject, "targets.json");
        CheckFreshness(TufRoleName.Targets, targets.Version, targets.Expires, now, floor);

        var roles = new Dictionary<string, TufSigned<TufTargets>>(StringComparer.Ordinal) { [TufRoleName.Targets] = new(targetsEnvelope, targets) };
        foreach (var name in delegationNames)
        {
            var parent = roles.GetValueOrDefault(TufRoleName.Parent(name))
                ?? throw Invalid($"{name} is listed in snapshot.json but its parent role is not.");
            var entry = parent.Role.Delegations.Find(name)
                ?? throw Invalid($"{name} is listed in snapshot.json but {TufRoleName.Parent(name)} does not delegate to it.");
            var envelope = files[name];
            TufThresholdCheck.Require(envelope, name, parent.Role.Delegations.KeysFor(entry), entry.Threshold);
            var delegation = TufTargets.Parse(envelope.SignedObject, name);
            CheckFreshness(name, delegation.Version, delegation.Expires, now, floor);
            if (delegation.Targets.Keys.FirstOrDefault(target => !entry.Covers(target)) is { } outside)
            {
                throw Invalid($"{name} signs the target '{outside}', which is outside the paths it is delegated.");
            }

            roles[name] = new TufSigned<TufTargets>(envelope, delegation);
        }

        roles.Remove(TufRoleName.Targets);
        _log.Detail($"Notary: verified trust data of {gun} (root v{root.Role.Version}, targets v{targets.Version}, snapshot v{snapshot.Version}, {roles.Count} delegation(s)).");
        return new TrustData
        {
            Gun = gun,
            Root = root,
            Timestamp = new TufSigned<TufTimestamp>(timestampEnvelope, timestamp),
            Snapshot = new TufSigned<TufSnapshot>(snapshotEnvelope, snapshot),
            Targets = new TufSigned<TufTargets>(targetsEnvelope, targets),
            Delegations = roles,
        };
    }

    /// <summary>The listed roles, all asked for at once; a failure is reported for the first role in the list that failed.</summary>
    private async Task<Dictionary<string, TufEnvelope>> FetchAllListedAsync(string gun, List<(string Role, TufFileMeta Meta)> listed, CancellationToken cancellationToken)
    {
        var fetches = listed.Select(entry => FetchListedAsync(gun, entry.Role, entry.Meta, cancellationToken)).ToList();
        foreach (var fetch in fetches)
        {
            await Observe(fetch);
        }

        var files = new Dictionary<string, TufEnvelope>(StringComparer.Ordinal);
        for (var i = 0; i < listed.Count; i++)
        {
            files[listed[i].Role] = await fetches[i];
        }

        return files;
    }

    /// <summary>Waits for a request this method no longer needs, so none is left running (or failing unobserved) behind an error.</summary>
    private static async Task Observe(Task task)
    {
        try
        {
            await task;
        }
#pragma warning disable CA1031 // Whatever it was: the caller reports its own error, or awaits the task again for this one.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async Task<TufEnvelope> FetchListedAsync(string gun, string role, TufFileMeta meta, CancellationToken cancellationToken)
    {
        var sha256 = meta.Sha256 ?? throw Invalid($"The entry for {role} has no sha256 hash.");
        var file = await _client.GetRoleByChecksumAsync(gun, role, Convert.ToHexStringLower(sha256), cancellationToken)
            ?? throw Missing(gun, role);
        if (!meta.Matches(file))
        {
            throw Invalid($"{role} of {gun} does not match the length and hashes its parent metadata lists.");
        }

        return TufEnvelope.Parse(file, role);
    }

    private static void RequireSignedBy(TufEnvelope envelope, string role, TufRoot root)
    {
        var (keys, threshold) = root.KeysFor(role);
        TufThresholdCheck.Require(envelope, role, keys, threshold);
    }

    internal static void CheckFreshness(string role, int version, DateTimeOffset expires, DateTimeOffset now, IReadOnlyDictionary<string, int> floor)
    {
        if (expires <= now)
        {
            throw Invalid($"{role} expired at {TufTime.Format(expires)}.");
        }

        if (floor.TryGetValue(role, out var seen) && version < seen)
        {
            throw Invalid($"{role} is version {version}, older than version {seen} seen before (rollback).");
        }
    }

    private static SignPathDockerException Missing(string gun, string role) =>
        Invalid($"The Notary server does not serve {role} for {gun}, though the trust data refers to it.");

    private static SignPathDockerException Invalid(string message) => new(ErrorCodes.TrustDataInvalid, message);
}
