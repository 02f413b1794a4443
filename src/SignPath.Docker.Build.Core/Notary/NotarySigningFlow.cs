using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.SigningData;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// Docker Content Trust with the delegation key in SignPath: verify every repository's trust data, build the
/// new delegation roles for exactly the claimed tags, have SignPath sign all repositories as one Docker
/// signing data zip (one signing request per build), check every repository's signed roles before any is
/// published, then publish each. Repositories where another writer won (version conflict) start over from
/// freshly fetched trust data in one new signing request for just those, so the other writer's targets are kept.
/// The halves also run on their own, with SignPath in between done by the user's pipeline:
/// <see cref="NotarySigningDataPreparer"/> and <see cref="NotarySignedDataPublisher"/>.
/// </summary>
internal sealed class NotarySigningFlow(NotaryClient client, IArtifactSigningService signingService, IProgressLog log, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public async Task<IReadOnlyList<TrustData>> SignAsync(
        IReadOnlyList<NotaryRepositoryTargets> repositories,
        NotarySigningOptions options,
        CancellationToken cancellationToken,
        int maxAttempts = NotaryDelegationPublisher.DefaultMaxAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        var loader = new TrustDataLoader(client, clock, log);
        var published = new TrustData?[repositories.Count];
        var lastSeenVersions = new IReadOnlyDictionary<string, int>?[repositories.Count];
        List<int> pending = [.. Enumerable.Range(0, repositories.Count)];
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var requests = new List<NotarySigningRepository>(pending.Count);
            foreach (var index in pending)
            {
                var trust = await loader.LoadAsync(repositories[index].Gun, options.RootTrust, lastSeenVersions[index], cancellationToken);
                requests.Add(NotarySigningRepository.Build(trust, options.DelegationRoles, repositories[index].Targets, clock.GetUtcNow()));
            }

            var files = await SignAndCheckAsync(requests, [.. pending.Select(index => repositories[index])], options, cancellationToken);

            var conflicts = new List<int>();
            for (var i = 0; i < pending.Count; i++)
            {
                var index = pending[i];
                var repository = repositories[index];
                try
                {
                    await client.PublishAsync(repository.Gun, files[i], cancellationToken);
                }
                catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.NotaryVersionConflict && attempt < maxAttempts)
                {
                    log.Info($"Notary: another writer updated {repository.Gun} first; fetching its data and signing again (attempt {attempt + 1} of {maxAttempts}).");
                    lastSeenVersions[index] = requests[i].Trust.Versions;
                    conflicts.Add(index);
                    continue;
                }

                published[index] = requests[i].Trust;
                log.Info($"Docker Content Trust: signed {string.Join(", ", repository.Targets.Keys)} in {repository.Gun} as {string.Join(", ", options.DelegationRoles)}.");
            }

            pending = conflicts;
        }

        return [.. published.Select(trust => trust!)];
    }

    /// <summary>One signing request for all <paramref name="requests"/>; every repository is checked before any is published.</summary>
    private async Task<IReadOnlyList<IReadOnlyDictionary<string, byte[]>>> SignAndCheckAsync(
        List<NotarySigningRepository> requests,
        IReadOnlyList<NotaryRepositoryTargets> repositories,
        NotarySigningOptions options,
        CancellationToken cancellationToken)
    {
        var signedZip = await signingService.SignAsync(
            new ArtifactSigningRequest(
                options.ArtifactConfigurationSlug,
                NotarySigningData.FileName,
                NotarySigningData.Create(requests),
                options.Description ?? Describe(repositories)),
            cancellationToken);

        var signed = NotarySigningData.ReadSigned(signedZip, requests);
        var now = clock.GetUtcNow();
        var checkedFiles = new List<IReadOnlyDictionary<string, byte[]>>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            // Refuses extra or changed targets, wrong keys, stale versions and odd expiry before anything is published.
            checkedFiles.Add(DelegationUpdateChecker.CheckSigned(requests[i].Trust, requests[i].UnsignedRoles, signed[i], requests[i].ClaimedTargets, now));
        }

        return checkedFiles;
    }

    private static string Describe(IReadOnlyList<NotaryRepositoryTargets> repositories) =>
        repositories.Count == 1
            ? $"Docker Content Trust for {repositories[0].Gun}: {string.Join(", ", repositories[0].Targets.Keys)}"
            : $"Docker Content Trust for {repositories.Count} repositories: {string.Join("; ", repositories.Select(repository => $"{repository.Gun} ({string.Join(", ", repository.Targets.Keys)})"))}";
}
