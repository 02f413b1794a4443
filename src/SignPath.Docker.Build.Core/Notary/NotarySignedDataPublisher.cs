using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.SigningData;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// The second half of <see cref="NotarySigningFlow"/> on its own (PushNotarySigningData): takes Docker signing
/// data signed by SignPath in a separate step, fetches and verifies the trust data again, checks the signed
/// roles against it and publishes. It cannot sign again, so where the flow would start over after another
/// writer, it refuses (SPD5013) and asks for fresh signing data. Every repository is checked before any is published.
/// </summary>
public sealed class NotarySignedDataPublisher(NotaryClient client, IProgressLog log, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <param name="expectedRoles">The delegation roles the signing data must be for (from NotaryDelegationName), or null for any.</param>
    public async Task<IReadOnlyList<NotarySignedRepository>> PublishAsync(
        byte[] signedZip,
        IReadOnlyList<string>? expectedRoles,
        RootTrustPolicy rootTrust,
        CancellationToken cancellationToken)
    {
        var repositories = NotarySigningData.ReadSignedFile(signedZip);
        var loader = new TrustDataLoader(client, clock, log);
        var checkedFiles = new List<IReadOnlyDictionary<string, byte[]>>(repositories.Count);
        foreach (var (request, signedRoles) in repositories)
        {
            if (expectedRoles is not null && !request.DelegationRoles.Order(StringComparer.Ordinal).SequenceEqual(expectedRoles.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                throw new SignPathDockerException(
                    ErrorCodes.NotarySigningDataInvalid,
                    $"The signing data for {request.Gun} signs {string.Join(", ", request.DelegationRoles)}, not {string.Join(", ", expectedRoles)}; nothing was published.",
                    "Use the same NotaryDelegationName for PrepareNotarySigningData and PushNotarySigningData.");
            }

            var trust = await loader.LoadAsync(request.Gun, rootTrust, lastSeenVersions: null, cancellationToken);
            RequireUnchanged(trust, request);
            checkedFiles.Add(DelegationUpdateChecker.CheckSigned(trust, request.UnsignedRoles, signedRoles, request.ClaimedTargets, clock.GetUtcNow()));
        }

        for (var i = 0; i < repositories.Count; i++)
        {
            var request = repositories[i].Request;
            try
            {
                await client.PublishAsync(request.Gun, checkedFiles[i], cancellationToken);
            }
            catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.NotaryVersionConflict)
            {
                throw Changed(request.Gun, "another writer published while it was being pushed", exception);
            }

            log.Info($"Docker Content Trust: published {string.Join(", ", request.ClaimedTargets.Keys)} in {request.Gun} as {string.Join(", ", request.DelegationRoles)}.");
        }

        return repositories;
    }

    /// <summary>
    /// The signed roles replace the versions they were built on; if the server has other ones now (or
    /// another targets.json, e.g. new delegation keys), publishing would drop or contradict that change.
    /// </summary>
    private static void RequireUnchanged(TrustData trust, NotarySigningRequestRepository request)
    {
        if (!trust.Targets.Envelope.FileBytes.AsSpan().SequenceEqual(request.Targets))
        {
            throw Changed(request.Gun, $"targets.json is version {trust.Targets.Role.Version} on the server, and the signing data was prepared against {DescribeVersion(request.Targets)}");
        }

        foreach (var role in request.DelegationRoles)
        {
            var current = trust.Delegations.GetValueOrDefault(role)?.Envelope.FileBytes;
            var prepared = request.CurrentDelegations.GetValueOrDefault(role);
            if (current is null ? prepared is not null : prepared is null || !current.AsSpan().SequenceEqual(prepared))
            {
                var now = current is null ? "has no file" : $"is version {trust.Delegations[role].Role.Version}";
                throw Changed(request.Gun, $"{role} {now} on the server, and the signing data was prepared against {(prepared is null ? "no file" : DescribeVersion(prepared))}");
            }
        }
    }

    private static string DescribeVersion(byte[] preparedFile)
    {
        try
        {
            var envelope = TufEnvelope.Parse(preparedFile, "the prepared file");
            return $"version {TufTargets.Parse(envelope.SignedObject, "the prepared file").Version}";
        }
        catch (SignPathDockerException)
        {
            return "another file";
        }
    }

    private static SignPathDockerException Changed(string gun, string why, Exception? inner = null) => new(
        ErrorCodes.TrustDataChangedSincePrepared,
        $"The trust data of {gun} changed since the signing data was prepared: {why}; nothing was published.",
        "Another writer updated the repository in between. Run PrepareNotarySigningData again, have SignPath sign the new signing data and push that.",
        inner);
}
