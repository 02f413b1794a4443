using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// Publishes delegation updates with optimistic concurrency: fetch and verify, build and sign (through a
/// callback, since the key may be remote), POST; when another writer won (400 VERSION), start over from
/// the fresh trust data so that writer's targets are kept.
/// </summary>
internal sealed class NotaryDelegationPublisher
{
    public const int DefaultMaxAttempts = 3;

    private readonly NotaryClient _client;
    private readonly TrustDataLoader _loader;
    private readonly TimeProvider _time;
    private readonly IProgressLog _log;

    public NotaryDelegationPublisher(NotaryClient client, TrustDataLoader loader, TimeProvider? time = null, IProgressLog? log = null)
    {
        _client = client;
        _loader = loader;
        _time = time ?? TimeProvider.System;
        _log = log ?? NullProgressLog.Instance;
    }

    /// <summary>
    /// Calls <paramref name="buildAndSign"/> with freshly verified trust data; it returns role → signed file
    /// (checked with <see cref="DelegationUpdateChecker"/>). Returns the trust data the published files were built on.
    /// </summary>
    public async Task<TrustData> PublishAsync(
        string gun,
        RootTrustPolicy policy,
        IReadOnlyDictionary<string, int>? lastSeenVersions,
        Func<TrustData, CancellationToken, Task<IReadOnlyDictionary<string, byte[]>>> buildAndSign,
        CancellationToken cancellationToken,
        int maxAttempts = DefaultMaxAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            var trust = await _loader.LoadAsync(gun, policy, lastSeenVersions, cancellationToken);
            var files = await buildAndSign(trust, cancellationToken);
            try
            {
                await _client.PublishAsync(gun, files, cancellationToken);
                return trust;
            }
            catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.NotaryVersionConflict && attempt < maxAttempts)
            {
                _log.Info($"Notary: another writer updated {gun} first; fetching its data and signing again (attempt {attempt + 1} of {maxAttempts}).");
                lastSeenVersions = trust.Versions;
            }
        }
    }

    /// <summary>Sets <paramref name="claimedTargets"/> in each of <paramref name="roles"/> and signs them with a local signer.</summary>
    public Task<TrustData> PublishTargetsAsync(
        string gun,
        RootTrustPolicy policy,
        IReadOnlyList<string> roles,
        IReadOnlyDictionary<string, TufFileMeta> claimedTargets,
        ITufSigner signer,
        CancellationToken cancellationToken,
        int maxAttempts = DefaultMaxAttempts) =>
        PublishAsync(
            gun,
            policy,
            null,
            async (trust, ct) =>
            {
                var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (var role in roles)
                {
                    var now = _time.GetUtcNow();
                    var update = DelegationUpdateBuilder.Build(trust, role, claimedTargets, now);
                    var file = await TufEnvelope.SignAsync(update.CanonicalSigned, [signer], ct);
                    DelegationUpdateChecker.Check(trust, role, file, claimedTargets, now);
                    files[role] = file;
                }

                return files;
            },
            cancellationToken,
            maxAttempts);
}
