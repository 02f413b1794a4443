using Microsoft.Build.Framework;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Publishes Docker signing data that SignPath signed (the zip downloaded from the signing request, like
/// SignPath's Push-SignedDockerSigningData): fetches and verifies the trust data again, checks that the signed
/// roles are signed by the delegation key, change only the claimed tags, increase the version and expire
/// sanely, and only then pushes them to the Notary server. Refuses, publishing nothing, otherwise.
/// </summary>
public sealed class PushNotarySigningData : SignPathDockerTask
{
    /// <summary>The signed zip downloaded from SignPath.</summary>
    [Required]
    public string SigningDataFile { get; set; } = string.Empty;

    public string? NotaryUrl { get; set; }

    public string? NotaryUsername { get; set; }

    /// <summary>Prefer NOTARY_AUTH (base64 user:password): task parameters end up in binary logs.</summary>
    public string? NotaryPassword { get; set; }

    /// <summary>The signing data must be for targets/releases and targets/&lt;name&gt; (default "signpath").</summary>
    public string? NotaryDelegationName { get; set; }

    /// <summary>Path (or PEM) of the repository's root certificate to pin; empty: trust on first use.</summary>
    public string? NotaryRootCertificate { get; set; }

    public string? NotaryTrustDirectory { get; set; }

    /// <summary>One item per repository (GUN) with metadata Tags.</summary>
    [Output]
    public ITaskItem[] PublishedRepositories { get; private set; } = [];

    protected override async System.Threading.Tasks.Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        var signed = await File.ReadAllBytesAsync(SigningDataFile, cancellationToken);
        var (client, http) = NotaryServices.CreateClient(NotaryUrl, NotaryUsername, NotaryPassword, log);
        using (http)
        {
            var published = await new NotarySignedDataPublisher(client, log).PublishAsync(
                signed,
                NotaryServices.DelegationRoles(NotaryDelegationName),
                NotaryServices.CreateRootTrust(NotaryRootCertificate, NotaryTrustDirectory),
                cancellationToken);
            PublishedRepositories = [.. published.Select(repository => NotaryServices.RepositoryItem(repository.Request.Gun, repository.Request.ClaimedTargets.Keys))];
        }
    }
}
