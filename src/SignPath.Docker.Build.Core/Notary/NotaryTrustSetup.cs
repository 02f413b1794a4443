using System.Security.Cryptography;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// Creates and changes a repository's base trust data the way the notary CLI does, with the root key
/// held elsewhere (a token): root.json lists the root key, a targets key made for the occasion and the
/// server's snapshot and timestamp keys; the server generates snapshot and timestamp on publish.
/// The targets key lives only in memory for one publish and is then dropped, so every later change of
/// targets.json (delegations) rotates to a new targets key through a new root version signed by the root key.
/// Spec: https://github.com/notaryproject/notary/blob/master/client/client.go.
/// </summary>
public sealed class NotaryTrustSetup
{
    /// <summary>notary's default lifetimes: root 10 years, targets 3 years.</summary>
    public const int RootLifetimeYears = 10;
    public const int TargetsLifetimeYears = 3;

    private readonly NotaryClient _client;
    private readonly TimeProvider _time;
    private readonly IProgressLog _log;

    public NotaryTrustSetup(NotaryClient client, TimeProvider? time = null, IProgressLog? log = null)
    {
        _client = client;
        _time = time ?? TimeProvider.System;
        _log = log ?? NullProgressLog.Instance;
    }

    /// <summary>
    /// Publishes root.json v1 and targets.json v1 (with the delegations, if any) for a repository that has no trust data.
    /// </summary>
    /// <exception cref="SignPathDockerException">RepositoryAlreadyInitialized when the server has a root.json for <paramref name="gun"/>.</exception>
    public async Task InitializeAsync(string gun, ITufSigner rootSigner, TufDelegations delegations, CancellationToken cancellationToken)
    {
        await EnsureNotInitializedAsync(gun, cancellationToken);

        // GET creates the key on the server when it has none: the snapshot key "rotated to the server".
        var snapshotKey = await _client.GetServerKeyAsync(gun, TufRoleName.Snapshot, cancellationToken);
        var timestampKey = await _client.GetServerKeyAsync(gun, TufRoleName.Timestamp, cancellationToken);
        var now = _time.GetUtcNow();
        using var targetsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var targetsSigner = new LocalTufSigner(targetsKey);
        var root = TufRootWriter.Create(1, now.AddYears(RootLifetimeYears), rootSigner.PublicKey, targetsSigner.PublicKey, snapshotKey, timestampKey);
        var targets = new TufTargets
        {
            Version = 1,
            Expires = now.AddYears(TargetsLifetimeYears),
            Targets = new Dictionary<string, TufFileMeta>(StringComparer.Ordinal),
            Delegations = delegations,
        };
        var files = await SignAsync(root, [rootSigner], targets, targetsSigner, cancellationToken);

        // Checked again right before the POST: another writer may have initialised it meanwhile
        // (the server would also refuse, but with a less telling error).
        await EnsureNotInitializedAsync(gun, cancellationToken);
        await _client.PublishAsync(gun, files, cancellationToken);
        _log.Info($"Docker Content Trust: initialised {gun} (root key {rootSigner.PublicKey.KeyId}, server-managed snapshot and timestamp).");
    }

    /// <summary>
    /// Publishes a new root version with a fresh targets key (signed by <paramref name="rootSigner"/>, which
    /// must be a root key of the current root) and targets.json re-signed with it, its targets unchanged and
    /// its delegations as <paramref name="changeDelegations"/> returns them. Delegation files are not touched,
    /// so every signed tag stays valid.
    /// </summary>
    public Task<TrustData> RotateTargetsKeyAsync(
        string gun,
        ITufSigner rootSigner,
        Func<TrustData, TufDelegations> changeDelegations,
        CancellationToken cancellationToken)
    {
        var policy = RootTrustPolicy.PinKeyIds([rootSigner.PublicKey.KeyId]);
        var publisher = new NotaryDelegationPublisher(_client, new TrustDataLoader(_client, _time, _log), _time, _log);
        return publisher.PublishAsync(
            gun,
            policy,
            null,
            async (trust, ct) =>
            {
                var current = trust.Root.Role;
                if (!current.KeysFor(TufRoleName.Root).Keys.ContainsKey(rootSigner.PublicKey.KeyId))
                {
                    throw new SignPathDockerException(
                        ErrorCodes.RootKeyNotInRoot,
                        $"The root key {rootSigner.PublicKey.KeyId} is not a root key of {gun}.",
                        "Use the token that holds the repository's root key; nothing was published.");
                }

                var now = _time.GetUtcNow();
                using var targetsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var targetsSigner = new LocalTufSigner(targetsKey);
                var root = WithTargetsKey(current, targetsSigner.PublicKey, now);
                var targets = new TufTargets
                {
                    Version = trust.Targets.Role.Version + 1,
                    Expires = now.AddYears(TargetsLifetimeYears),
                    Targets = trust.Targets.Role.Targets,
                    Delegations = changeDelegations(trust),
                };
                return await SignAsync(root, [rootSigner], targets, targetsSigner, ct);
            },
            cancellationToken);
    }

    /// <summary>
    /// <paramref name="current"/> with <paramref name="certificate"/> added to each of <paramref name="roles"/>
    /// (created with all paths and threshold 1 when missing). With <paramref name="replaceExpired"/>, keys whose
    /// certificates have expired are dropped from those roles; keys still valid stay, so tags they signed stay valid.
    /// </summary>
    public static TufDelegations AddCertificate(TufDelegations current, IReadOnlyList<string> roles, TufKey certificate, DateTimeOffset now, bool replaceExpired)
    {
        var keys = new Dictionary<string, TufKey>(current.Keys, StringComparer.Ordinal) { [certificate.KeyId] = certificate };
        var result = new List<TufDelegationRole>();
        foreach (var existing in current.Roles)
        {
            if (!roles.Contains(existing.Name, StringComparer.Ordinal))
            {
                result.Add(existing);
                continue;
            }

            var keyIds = existing.KeyIds
                .Where(id => !replaceExpired || !keys.TryGetValue(id, out var key) || !IsExpiredCertificate(key, now))
                .Append(certificate.KeyId)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            result.Add(existing with { KeyIds = keyIds });
        }

        foreach (var role in roles.Where(role => current.Find(role) is null))
        {
            result.Add(new TufDelegationRole(TufRoleName.ValidateDelegation(role), [certificate.KeyId], 1, [""]));
        }

        // Keys no role lists any more go, as notary removes them.
        var used = result.SelectMany(role => role.KeyIds).ToHashSet(StringComparer.Ordinal);
        return new TufDelegations(keys.Where(pair => used.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal), result);
    }

    private static bool IsExpiredCertificate(TufKey key, DateTimeOffset now)
    {
        if (!key.IsCertificate)
        {
            return false;
        }

        try
        {
            using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(System.Text.Encoding.UTF8.GetString(key.Public));
            return certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static TufRoot WithTargetsKey(TufRoot current, TufKey targetsKey, DateTimeOffset now)
    {
        var roles = new Dictionary<string, TufRoleKeys>(current.Roles, StringComparer.Ordinal)
        {
            [TufRoleName.Targets] = new TufRoleKeys([targetsKey.KeyId], 1),
        };

        // The old targets key goes with its role, as it does when notary rotates a key.
        var used = roles.Values.SelectMany(role => role.KeyIds).ToHashSet(StringComparer.Ordinal);
        var keys = current.Keys.Where(pair => used.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal);
        keys[targetsKey.KeyId] = targetsKey;
        return new TufRoot
        {
            Version = current.Version + 1,
            Expires = now.AddYears(RootLifetimeYears),
            Keys = keys,
            Roles = roles,
            ConsistentSnapshot = current.ConsistentSnapshot,
        };
    }

    private static async Task<IReadOnlyDictionary<string, byte[]>> SignAsync(
        TufRoot root, IReadOnlyList<ITufSigner> rootSigners, TufTargets targets, ITufSigner targetsSigner, CancellationToken cancellationToken)
    {
        var rootFile = await TufEnvelope.SignAsync(CanonicalJson.Serialize(TufRootWriter.ToJson(root)), rootSigners, cancellationToken);
        var targetsFile = await TufEnvelope.SignAsync(CanonicalJson.Serialize(targets.ToJson()), [targetsSigner], cancellationToken);

        // Verify what is about to be published against the new root, so a token that signs with
        // another key than it claims fails here and not as a repository nobody can read.
        var (rootKeys, rootThreshold) = root.KeysFor(TufRoleName.Root);
        TufThresholdCheck.Require(TufEnvelope.Parse(rootFile, "root.json"), TufRoleName.Root, rootKeys, rootThreshold);
        var (targetsKeys, targetsThreshold) = root.KeysFor(TufRoleName.Targets);
        TufThresholdCheck.Require(TufEnvelope.Parse(targetsFile, "targets.json"), TufRoleName.Targets, targetsKeys, targetsThreshold);
        return new Dictionary<string, byte[]>(StringComparer.Ordinal) { [TufRoleName.Root] = rootFile, [TufRoleName.Targets] = targetsFile };
    }

    public async Task EnsureNotInitializedAsync(string gun, CancellationToken cancellationToken)
    {
        if (await _client.GetRoleAsync(gun, TufRoleName.Root, cancellationToken) is not null)
        {
            throw new SignPathDockerException(
                ErrorCodes.RepositoryAlreadyInitialized,
                $"{gun} already has trust data on the Notary server; nothing was published.",
                "Use AddDelegationCertificate or RotateDockerSigningKeys to change it, or GetRootCertificate to export its root certificate.");
        }
    }
}
