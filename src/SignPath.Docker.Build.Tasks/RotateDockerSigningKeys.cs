using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Rotates the targets key (new root version signed by the token's root key) and, when
/// DelegationCertificate is given, adds SignPath's renewed delegation certificate and drops expired ones.
/// Delegation files are left as they are, so every signed tag stays valid.
/// </summary>
public sealed class RotateDockerSigningKeys : DockerTrustSetupTask
{
    public string? DelegationCertificate { get; set; }

    protected override Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken) =>
        DockerTrustRotation.RunAsync(this, log, NullIfEmpty(DelegationCertificate), replaceExpired: true, cancellationToken);
}
