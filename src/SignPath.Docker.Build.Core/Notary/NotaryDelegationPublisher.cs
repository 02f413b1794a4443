using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// Publishes delegation updates with optimistic concurrency: fetch and verify, build and sign (through a
/// callback, since the key may be remote), POST; when another writer won (400 VERSION), start over from
/// the fresh trust data so that writer's targets are kept.
/// </summary>
public sealed class NotaryDelegationPublisher
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
                await PublishSignedAsync(gun, files, cancellationToken);
                return trust;
            }
            catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.NotaryVersionConflict && attempt < maxAttempts)
            {
                _log.Info($"Notary: another writer updated {gun} first; fetching its data and signing again (attempt {attempt + 1} of {maxAttempts}).");
                lastSeenVersions = trust.Versions;
            }
        }
    }

    /// <summary>
    /// Publishes role files that are already signed and checked. A lost reply counts as success when the server
    /// holds exactly these files; another writer's win surfaces as <see cref="ErrorCodes.NotaryVersionConflict"/>,
    /// for the caller to sign again on fresh trust data.
    /// </summary>
    public async Task PublishSignedAsync(string gun, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken)
    {
        try
        {
            await _client.PublishAsync(gun, files, cancellationToken);
            _log.Info($"Notary: published {string.Join(", ", files.Keys)} for {gun}.");
        }
        catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.NotaryRequestFailed && exception.InnerException is not null)
        {
            // The connection broke after sending: the server may have applied the update. Publishing again
            // would be refused as a version conflict, so ask the server whether it holds exactly our files.
            if (!await WasAppliedAsync(gun, files, cancellationToken))
            {
                throw;
            }

            _log.Info($"Notary: the answer to the publish was lost, but {gun} holds the published {string.Join(", ", files.Keys)}.");
        }
    }

    private async Task<bool> WasAppliedAsync(string gun, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (role, file) in files)
            {
                var stored = await _client.GetRoleByChecksumAsync(gun, role, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)), cancellationToken);
                if (stored is null || !stored.AsSpan().SequenceEqual(file))
                {
                    return false;
                }
            }

            return true;
        }
        catch (SignPathDockerException)
        {
            // Still unreachable: report the original failure.
            return false;
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
