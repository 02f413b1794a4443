using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// Docker Content Trust with the delegation key in SignPath: verify the repository's trust data,
/// build the new delegation roles for exactly the claimed tags, have SignPath sign them as Docker
/// signing data, check what comes back, and publish it. A version conflict (another writer) starts
/// over from freshly fetched trust data, so the other writer's targets are kept.
/// The halves also run on their own, with SignPath in between done by the user's pipeline:
/// <see cref="NotarySigningDataPreparer"/> and <see cref="NotarySignedDataPublisher"/>.
/// </summary>
public sealed class NotarySigningFlow(NotaryClient client, IArtifactSigningService signingService, IProgressLog log, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public async Task<IReadOnlyList<TrustData>> SignAsync(
        IReadOnlyList<NotaryRepositoryTargets> repositories,
        NotarySigningOptions options,
        CancellationToken cancellationToken)
    {
        var loader = new TrustDataLoader(client, clock, log);
        var publisher = new NotaryDelegationPublisher(client, loader, clock, log);
        var published = new List<TrustData>(repositories.Count);
        foreach (var repository in repositories)
        {
            var trust = await publisher.PublishAsync(
                repository.Gun,
                options.RootTrust,
                lastSeenVersions: null,
                (current, token) => BuildAndSignAsync(current, repository, options, token),
                cancellationToken);
            published.Add(trust);
            log.Info($"Docker Content Trust: signed {string.Join(", ", repository.Targets.Keys)} in {repository.Gun} as {string.Join(", ", options.DelegationRoles)}.");
        }

        return published;
    }

    private async Task<IReadOnlyDictionary<string, byte[]>> BuildAndSignAsync(
        TrustData trust,
        NotaryRepositoryTargets repository,
        NotarySigningOptions options,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var request = NotarySigningRepository.Build(trust, options.DelegationRoles, repository.Targets, now);
        var signedZip = await signingService.SignAsync(
            new ArtifactSigningRequest(
                options.ArtifactConfigurationSlug,
                NotarySigningData.FileName,
                NotarySigningData.Create([request]),
                options.Description ?? $"Docker Content Trust for {repository.Gun}: {string.Join(", ", repository.Targets.Keys)}"),
            cancellationToken);

        var files = NotarySigningData.ReadSigned(signedZip, [request])[0];
        // Refuses extra or changed targets, wrong keys, stale versions and odd expiry before anything is published.
        return DelegationUpdateChecker.CheckSigned(trust, request.UnsignedRoles, files, request.ClaimedTargets, now);
    }
}
