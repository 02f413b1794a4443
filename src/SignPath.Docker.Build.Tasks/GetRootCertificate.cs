using System.Text;
using Microsoft.Build.Framework;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Pkcs11;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Exports a repository's root certificate (PEM) for uploading to SignPath: from the token when
/// Pkcs11* is set, otherwise from the root.json the Notary server serves.
/// </summary>
public sealed class GetRootCertificate : DockerTrustSetupTask
{
    [Required]
    public string RootCertificateFile { get; set; } = string.Empty;

    protected override async Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        var gun = ResolveGun();
        string pem;
        if (HasToken)
        {
            using var store = OpenToken(log, cancellationToken);
            using var certificate = Pkcs11RootKeys.FindCertificate(store, gun) ?? throw new SignPathDockerException(
                ErrorCodes.Pkcs11KeyNotFound,
                $"PKCS#11 token '{store.TokenLabel}' has no root key for {gun} (label {Pkcs11KeyIdentity.RootKeyLabel(gun)}).",
                "Use the token InitializeDockerSigning ran with, or leave Pkcs11Library empty to read the certificate from the Notary server.");
            pem = GoPemEncoding.EncodeCertificate(certificate.RawData);
        }
        else
        {
            var (client, http) = CreateNotaryClient(log);
            using (http)
            {
                var root = await DockerTrustRootLookup.FetchUnverifiedAsync(client, gun, cancellationToken);
                var certificates = root.KeysFor(TufRoleName.Root).Keys.Values.Where(key => key.IsCertificate).ToList();
                if (certificates.Count == 0)
                {
                    throw new SignPathDockerException(ErrorCodes.TrustDataInvalid, $"The root keys of {gun} are not certificates.");
                }

                pem = string.Concat(certificates.Select(key => Encoding.UTF8.GetString(key.Public)));
                log.Info($"Docker Content Trust: read the root certificate of {gun} from {client.ServerUrl}; compare its key ID ({string.Join(", ", certificates.Select(key => key.KeyId))}) with `notary key list` before trusting it.");
            }
        }

        await WritePemAsync(RootCertificateFile, pem, cancellationToken);
        log.Info($"Docker Content Trust: root certificate of {gun} written to {RootCertificateFile}.");
    }
}
