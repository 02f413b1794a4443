using Microsoft.Build.Framework;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Lets the SignPath delegation certificate sign targets/releases and targets/&lt;NotaryDelegationName&gt;.
/// targets.json is re-signed with a new targets key made for the occasion (the one from setup is gone),
/// which takes a new root version signed by the token's root key.
/// </summary>
public sealed class AddDelegationCertificate : DockerTrustSetupTask
{
    [Required]
    public string DelegationCertificate { get; set; } = string.Empty;

    protected override Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken) =>
        DockerTrustRotation.RunAsync(this, log, DelegationCertificate, replaceExpired: false, cancellationToken);
}
