using Microsoft.Build.Framework;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Pkcs11;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Sets up Docker Content Trust for a new repository: root key on the token, a targets key used once,
/// the server's snapshot and timestamp keys, optionally the SignPath delegation; exports the root certificate.
/// </summary>
public sealed class InitializeDockerSigning : DockerTrustSetupTask
{
    /// <summary>Where the root certificate (PEM) is written, for uploading to SignPath.</summary>
    [Required]
    public string RootCertificateFile { get; set; } = string.Empty;

    /// <summary>Optional: the SignPath delegation certificate to add right away.</summary>
    public string? DelegationCertificate { get; set; }

    /// <summary>Optional: a local signing service (http://127.0.0.1:…/) to register the root certificate with.</summary>
    public string? LocalSignerUrl { get; set; }

    [Output]
    public string? RootKeyId { get; private set; }

    protected override async Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        var gun = ResolveGun();
        var roles = DelegationRoles();
        var now = DateTimeOffset.UtcNow;
        // Everything that can be checked without side effects first: nothing on the token or server changes on a bad input.
        var delegation = string.IsNullOrWhiteSpace(DelegationCertificate) ? null : Notary.DelegationCertificate.Load(DelegationCertificate, now);
        var (client, http) = CreateNotaryClient(log);
        using (http)
        {
            var setup = new NotaryTrustSetup(client, log: log);
            await setup.EnsureNotInitializedAsync(gun, cancellationToken);
            using var store = OpenToken(log, cancellationToken);
            var rootSigner = Pkcs11RootKeys.CreateOrReuse(store, gun, now, log);
            var delegations = delegation is null
                ? TufDelegations.Empty
                : NotaryTrustSetup.AddCertificate(TufDelegations.Empty, roles, delegation.Key, now, replaceExpired: false);
            await setup.InitializeAsync(gun, rootSigner, delegations, cancellationToken);
            RootKeyId = rootSigner.PublicKey.KeyId;
            await WritePemAsync(RootCertificateFile, rootSigner.CertificatePem, cancellationToken);
            log.Info($"Docker Content Trust: root certificate of {gun} written to {RootCertificateFile}; upload it to SignPath.");
            if (delegation is not null)
            {
                log.Info($"Docker Content Trust: {string.Join(" and ", roles)} trust '{delegation.Subject}'.");
            }

            if (!string.IsNullOrWhiteSpace(LocalSignerUrl))
            {
                await LocalSignerRootRegistration.RegisterAsync(LocalSignerUrl, gun, rootSigner.CertificatePem, log, cancellationToken);
            }
        }
    }
}
