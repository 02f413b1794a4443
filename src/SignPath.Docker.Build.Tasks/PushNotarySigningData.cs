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
public sealed class PushNotarySigningData : NotaryTask
{
    /// <summary>The signed zip downloaded from SignPath.</summary>
    [Required]
    public string SigningDataFile { get; set; } = string.Empty;

    /// <summary>One item per repository (GUN) with metadata Tags.</summary>
    [Output]
    public ITaskItem[] PublishedRepositories { get; private set; } = [];

    protected override async System.Threading.Tasks.Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        var signed = await File.ReadAllBytesAsync(SigningDataFile, cancellationToken);
        var (client, http) = CreateNotaryClient(log);
        using (http)
        {
            var published = await new NotarySignedDataPublisher(client, log).PublishAsync(
                signed,
                DelegationRoles(),
                CreateRootTrust(),
                cancellationToken);
            PublishedRepositories = [.. published.Select(repository => ImageTaskItems.Output(NotaryServices.RepositoryOutput(repository.Request.Gun, repository.Request.ClaimedTargets.Keys)))];
        }
    }
}
