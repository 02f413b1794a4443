using Microsoft.Build.Framework;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Verifies the repositories' trust data on the Notary server and writes the unsigned Docker signing data
/// for the given tags to a file, for pipelines that submit it to SignPath themselves (like SignPath's
/// New-DockerSigningData). PushNotarySigningData publishes what SignPath returns.
/// </summary>
public sealed class PrepareNotarySigningData : NotaryTask
{
    /// <summary>registry/repository:tag, or registry/repository[@sha256:…] with <see cref="Tags"/>.</summary>
    public string? ImageReference { get; set; }

    /// <summary>The manifest digest of <see cref="ImageReference"/>; without it the tag is resolved in the registry.</summary>
    public string? Digest { get; set; }

    /// <summary>Tags to sign for <see cref="ImageReference"/>'s digest, ';' separated (besides the reference's own tag).</summary>
    public string? Tags { get; set; }

    /// <summary>More images, as for SignContainerImage: registry/repository:tag with optional metadata Digest.</summary>
    public ITaskItem[] Images { get; set; } = [];

    /// <summary>Where to write the zip to submit to SignPath (artifact configuration of type Docker signing data).</summary>
    [Required]
    public string SigningDataFile { get; set; } = string.Empty;

    public string? InsecureRegistries { get; set; }

    /// <summary>One item per repository (GUN) with metadata Tags.</summary>
    [Output]
    public ITaskItem[] PreparedRepositories { get; private set; } = [];

    protected override async System.Threading.Tasks.Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        using var registry = RegistryClients.Create(InsecureRegistries, log);
        var referenced = await ReferenceImagesAsync(registry, cancellationToken);
        var given = Images.Length > 0 || referenced.Count == 0 ? ImageItems.Parse(ImageTaskItems.Inputs(Images)) : [];
        var images = await ImageItems.ResolveDigestsAsync(registry, [.. referenced, .. given], cancellationToken);
        var repositories = await NotaryTargetResolver.ResolveAsync(registry, images, cancellationToken);

        var (client, http) = CreateNotaryClient(log);
        using (http)
        {
            var (signingData, _) = await new NotarySigningDataPreparer(client, log).PrepareAsync(
                repositories,
                DelegationRoles(),
                CreateRootTrust(),
                cancellationToken);
            var directory = Path.GetDirectoryName(Path.GetFullPath(SigningDataFile));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            await File.WriteAllBytesAsync(SigningDataFile, signingData, cancellationToken);
        }

        PreparedRepositories = [.. repositories.Select(repository => ImageTaskItems.Output(NotaryServices.RepositoryOutput(repository.Gun, repository.Targets.Keys)))];
        log.Info($"Wrote Docker signing data for {string.Join(", ", repositories.Select(r => r.Gun))} to {SigningDataFile}; submit it to SignPath, then run PushNotarySigningData with the signed file.");
    }

    /// <summary>
    /// <see cref="ImageReference"/> once per tag (its own and <see cref="Tags"/>), all with one digest: <see cref="Digest"/>,
    /// the reference's, or the one its tag points to now.
    /// </summary>
    private async Task<IReadOnlyList<ImageItem>> ReferenceImagesAsync(IRegistryClient registry, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ImageReference))
        {
            return [];
        }

        var reference = Registry.ImageReference.Parse(ImageReference.Trim());
        var digest = string.IsNullOrWhiteSpace(Digest) ? reference.Digest : ContentDigest.Validate(Digest.Trim(), "image");
        var tags = (Tags ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Prepend(reference.Tag).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count == 0)
        {
            throw new SignPathDockerException(
                ErrorCodes.NothingToSign,
                $"'{ImageReference}' has no tag, and Docker Content Trust signs tags.",
                "Pass registry/repository:tag, or set Tags (e.g. 1.0;latest).");
        }

        // The HEAD that resolves the tag also gives the manifest's length, which the Notary targets need.
        long? size = null;
        if (digest is null && reference.Tag is not null)
        {
            var resolved = (await ImageItems.ResolveDigestsAsync(registry, [new ImageItem(reference, null, false, null)], cancellationToken))[0];
            (digest, size) = (resolved.Digest, resolved.Size);
        }

        if (digest is null)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidImageReference,
                $"The tags for '{ImageReference}' need the digest they point to.",
                "Set Digest (e.g. PublishContainer's GeneratedContainerDigest), or give registry/repository@sha256:… or registry/repository:tag.");
        }

        return [.. tags.Select(tag => new ImageItem(Registry.ImageReference.Parse($"{reference.RepositoryReference}:{tag}"), digest, false, size))];
    }
}
