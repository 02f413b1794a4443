using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Pkcs11;

namespace SignPath.Docker.Build.Tasks;

/// <summary>The shared flow of AddDelegationCertificate and RotateDockerSigningKeys.</summary>
internal static class DockerTrustRotation
{
    public static async Task RunAsync(DockerTrustSetupTask task, IProgressLog log, string? delegationCertificate, bool replaceExpired, CancellationToken cancellationToken)
    {
        var gun = task.ResolveGun();
        var roles = task.DelegationRoles();
        var now = DateTimeOffset.UtcNow;
        var delegation = delegationCertificate is null ? null : DelegationCertificate.Load(delegationCertificate, now);
        var (client, http) = task.CreateNotaryClient(log);
        using (http)
        {
            var root = await DockerTrustRootLookup.FetchUnverifiedAsync(client, gun, cancellationToken);
            using var store = task.OpenToken(log, cancellationToken);
            var rootSigner = Pkcs11RootKeys.FindForRoot(store, gun, root);
            var setup = new NotaryTrustSetup(client, log: log);
            var trust = await setup.RotateTargetsKeyAsync(
                gun,
                rootSigner,
                current => delegation is null
                    ? current.Targets.Role.Delegations
                    : NotaryTrustSetup.AddCertificate(current.Targets.Role.Delegations, roles, delegation.Key, now, replaceExpired),
                cancellationToken);
            log.Info($"Docker Content Trust: {gun} has a new targets key (root version {trust.Root.Role.Version + 1}); the previous one is no longer trusted.");
            if (delegation is not null)
            {
                log.Info($"Docker Content Trust: {string.Join(" and ", roles)} of {gun} trust '{delegation.Subject}' (valid until {TufTime.Format(delegation.NotAfter)}).");
            }
        }
    }
}
