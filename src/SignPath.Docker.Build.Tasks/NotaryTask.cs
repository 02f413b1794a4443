using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Tasks that read or write a repository's trust data on a Notary server. They take the same properties
/// (NotaryUrl, credentials, delegation name, root pin) so the targets wire them identically.
/// </summary>
public abstract class NotaryTask : SignPathDockerTask
{
    /// <summary>Notary server for Docker Content Trust (default Docker Hub's).</summary>
    public string? NotaryUrl { get; set; }

    public string? NotaryUsername { get; set; }

    /// <summary>Prefer NOTARY_AUTH (base64 user:password): task parameters end up in binary logs.</summary>
    public string? NotaryPassword { get; set; }

    /// <summary>The delegation SignPath's key is registered as (targets/&lt;name&gt;), default "signpath".</summary>
    public string? NotaryDelegationName { get; set; }

    /// <summary>Path (or PEM) of the repository's root certificate to pin; empty: trust on first use.</summary>
    public string? NotaryRootCertificate { get; set; }

    /// <summary>Where roots trusted on first use are recorded (default ~/.signpath/docker-trust).</summary>
    public string? NotaryTrustDirectory { get; set; }

    /// <summary>targets/releases (what docker pull trusts) and targets/&lt;NotaryDelegationName&gt; (the signer name docker shows).</summary>
    internal IReadOnlyList<string> DelegationRoles() => NotaryServices.DelegationRoles(NotaryDelegationName);

    internal RootTrustPolicy CreateRootTrust() => NotaryServices.CreateRootTrust(NotaryRootCertificate, NotaryTrustDirectory);

    internal (NotaryClient Client, HttpClient Http) CreateNotaryClient(IProgressLog log, RegistryRequestStatistics? statistics = null) =>
        NotaryServices.CreateClient(NotaryUrl, NotaryUsername, NotaryPassword, log, statistics);
}
