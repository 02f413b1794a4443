using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.SigningData;
using SignPath.Docker.Build.Notary.Trust;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// The first half of <see cref="NotarySigningFlow"/> on its own (PrepareNotarySigningData): verifies each
/// repository's trust data on the server and builds the unsigned Docker signing data for the claimed tags.
/// </summary>
public sealed class NotarySigningDataPreparer(NotaryClient client, IProgressLog log, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <returns>The signing data zip (docs/notary-signing-data.md) and the repositories it holds.</returns>
    public async Task<(byte[] SigningData, IReadOnlyList<NotarySigningRepository> Repositories)> PrepareAsync(
        IReadOnlyList<NotaryRepositoryTargets> repositories,
        IReadOnlyList<string> delegationRoles,
        RootTrustPolicy rootTrust,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var loader = new TrustDataLoader(client, clock, log);
        var prepared = new List<NotarySigningRepository>(repositories.Count);
        foreach (var repository in repositories)
        {
            var trust = await loader.LoadAsync(repository.Gun, rootTrust, lastSeenVersions: null, cancellationToken);
            prepared.Add(NotarySigningRepository.Build(trust, delegationRoles, repository.Targets, clock.GetUtcNow()));
            log.Info($"Docker Content Trust: prepared {string.Join(", ", repository.Targets.Keys)} in {repository.Gun} for {string.Join(", ", delegationRoles)}.");
        }

        return (NotarySigningData.Create(prepared), prepared);
    }
}
