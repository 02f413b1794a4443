using System.Security.Cryptography.X509Certificates;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Registry.Credentials;
using SignPath.Docker.Build.Registry.Http;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Notary;

/// <summary>The Notary server client and root trust policy from the Notary* task properties.</summary>
public static class NotaryServices
{
    public const string DefaultNotaryUrl = "https://notary.docker.io";
    public const string NotaryAuthVariable = "NOTARY_AUTH";
    public const string DefaultDelegationName = "signpath";

    /// <summary>targets/releases and targets/&lt;NotaryDelegationName&gt;.</summary>
    public static IReadOnlyList<string> DelegationRoles(string? delegationName) =>
        NotarySigningOptions.RolesFor(string.IsNullOrWhiteSpace(delegationName) ? DefaultDelegationName : delegationName.Trim());

    /// <summary>A signed repository as SignContainerImage and the Notary tasks output it: identity GUN, metadata Format=notary and Tags.</summary>
    public static Signing.SignedImageOutput RepositoryOutput(string gun, IEnumerable<string> tags) =>
        new(gun, new() { ["Format"] = Signing.SignatureFormatList.Notary, ["Tags"] = string.Join(";", tags) });

    public static (NotaryClient Client, HttpClient Http) CreateClient(string? notaryUrl, string? username, string? password, IProgressLog log, RegistryRequestStatistics? statistics = null)
    {
        var url = string.IsNullOrWhiteSpace(notaryUrl) ? DefaultNotaryUrl : notaryUrl.Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttps && !(server.Scheme == Uri.UriSchemeHttp && server.IsLoopback)))
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidUrl,
                $"NotaryUrl '{url}' is not an absolute https URL (http is accepted for loopback only).",
                $"Leave it empty for Docker Hub's Notary ({DefaultNotaryUrl}) or give e.g. https://notary.example.com.");
        }

        var credentials = new Dictionary<string, RegistryCredentials>(StringComparer.OrdinalIgnoreCase);
        var explicitCredentials = ExplicitCredentials(username, password);
        if (explicitCredentials is not null)
        {
            credentials[server.Authority] = explicitCredentials;
        }

        var options = new RegistryClientOptions { Credentials = credentials };
        var http = RegistryHttpPipeline.CreateClient(RegistryHttpPipeline.Create(options, log, statistics ?? new RegistryRequestStatistics()));
        return (new NotaryClient(http, server, log), http);
    }

    public static RootTrustPolicy CreateRootTrust(string? rootCertificate, string? trustDirectory)
    {
        var directory = string.IsNullOrWhiteSpace(trustDirectory)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".signpath", "docker-trust")
            : trustDirectory;
        var store = new FileTrustedRootStore(directory);
        if (string.IsNullOrWhiteSpace(rootCertificate))
        {
            return RootTrustPolicy.TrustOnFirstUse(store);
        }

        try
        {
            return RootTrustPolicy.PinCertificates([X509Certificate2.CreateFromPem(PemOrPath.Read(rootCertificate))], store);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new SignPathDockerException(
                ErrorCodes.RootNotTrusted,
                $"NotaryRootCertificate could not be read as a PEM certificate ({e.Message}).",
                "Set it to the repository's root certificate file (GetRootCertificate exports it) or leave it empty to trust on first use.",
                e);
        }
    }

    private static RegistryCredentials? ExplicitCredentials(string? username, string? password)
    {
        if (!string.IsNullOrEmpty(username))
        {
            return RegistryCredentials.WithPassword(username, password ?? string.Empty);
        }

        var auth = Environment.GetEnvironmentVariable(NotaryAuthVariable);
        if (string.IsNullOrEmpty(auth))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                return RegistryCredentials.WithPassword(decoded[..colon], decoded[(colon + 1)..]);
            }
        }
        catch (FormatException)
        {
            // Reported below without echoing the value.
        }

        throw new SignPathDockerException(
            ErrorCodes.NotaryRequestFailed,
            $"{NotaryAuthVariable} is not base64 of user:password.",
            $"Set {NotaryAuthVariable} to the output of: printf '%s' 'user:password' | base64");
    }
}
