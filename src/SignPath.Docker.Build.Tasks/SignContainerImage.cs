using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Signs images that are already in a registry, in every requested format, with one SignPath
/// signing request per format. The targets hand it what PublishContainer pushed; users can also
/// give it image references directly.
/// </summary>
public sealed class SignContainerImage : NotaryTask
{
    /// <summary>
    /// Images to sign: item spec registry/repository[:tag][@digest]; optional metadata Digest.
    /// Without a digest the tag is resolved with one HEAD request.
    /// </summary>
    [Required]
    public ITaskItem[] Images { get; set; } = [];

    /// <summary>"cosign", "notary" or both separated by ';'.</summary>
    public string? SignatureFormats { get; set; }

    public string? SignPathApiUrl { get; set; }

    public string? SignPathOrganizationId { get; set; }

    /// <summary>Prefer the SIGNPATH_API_TOKEN environment variable: task parameters end up in binary logs.</summary>
    public string? SignPathApiToken { get; set; }

    public string? SignPathProjectSlug { get; set; }

    public string? SignPathSigningPolicySlug { get; set; }

    public string? SignPathCosignArtifactConfigurationSlug { get; set; }

    public string? SignPathNotaryArtifactConfigurationSlug { get; set; }

    public string? SignPathDescription { get; set; }

    /// <summary>Seconds, or a TimeSpan such as 00:10:00.</summary>
    public string? SignPathWaitForCompletionTimeout { get; set; }

    /// <summary>How often, in seconds, to report while the signing request waits (approval).</summary>
    public string? SignPathProgressInterval { get; set; }

    /// <summary>Path of a PEM public key (or the PEM text itself) every cosign signature must verify with.</summary>
    public string? CosignPublicKey { get; set; }

    /// <summary>Items whose identity is the key and metadata Value the value, written into the payload's "optional".</summary>
    public ITaskItem[] CosignAnnotations { get; set; } = [];

    /// <summary>How many images are checked and attached at the same time (default 4).</summary>
    public string? SignContainerMaxParallelism { get; set; }

    /// <summary>Registries that may be reached over plain HTTP besides loopback, ';' or ',' separated.</summary>
    public string? InsecureRegistries { get; set; }

    [Output]
    public ITaskItem[] SignedImages { get; private set; } = [];

    protected override async System.Threading.Tasks.Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        var formats = SignatureFormatList.Parse(SignatureFormats);
        var signPath = SignPathSettings.From(this);
        var images = ImageItems.Parse(Images);
        var parallelism = ParseParallelism(SignContainerMaxParallelism);
        using var cosignKey = CosignPublicKeyLoader.Load(CosignPublicKey);
        using var services = SigningServices.Create(signPath, InsecureRegistries, log);

        var resolved = await ImageItems.ResolveDigestsAsync(services.Registry, images, cancellationToken);
        if (formats.Contains(SignatureFormatList.Notary))
        {
            // Notary targets need each manifest's length; resolving it here (one HEAD at most per image) also
            // confirms the image for the cosign flow, so no manifest is asked about twice.
            resolved = await ImageManifestResolver.WithSizesOfTaggedAsync(services.Registry, resolved, parallelism, cancellationToken);
        }

        var signed = new List<ITaskItem>();
        if (formats.Contains(SignatureFormatList.Cosign))
        {
            var flow = new CosignSigningFlow(services.Registry, services.ArtifactSigning, log);
            var options = new CosignSigningOptions(
                signPath.CosignArtifactConfigurationSlug,
                signPath.Description,
                CosignAnnotations.Length == 0 ? null : CosignAnnotations.ToDictionary(a => a.ItemSpec, a => a.GetMetadata("Value"), StringComparer.Ordinal),
                cosignKey,
                parallelism);
            foreach (var result in await flow.SignAsync(resolved, options, cancellationToken))
            {
                var item = new TaskItem($"{result.Image.Repository}@{result.Image.Digest}");
                item.SetMetadata("Format", SignatureFormatList.Cosign);
                item.SetMetadata("Digest", result.Image.Digest);
                item.SetMetadata("Tags", string.Join(";", result.Image.Tags));
                item.SetMetadata("SignatureTag", result.Attachment.Tag);
                item.SetMetadata("SignatureManifestDigest", result.Attachment.ManifestDigest);
                signed.Add(item);
            }
        }

        if (formats.Contains(SignatureFormatList.Notary))
        {
            signed.AddRange(await SignWithNotaryAsync(services, signPath, resolved, log, cancellationToken));
        }

        SignedImages = [.. signed];
        log.Detail($"Registry: {services.RegistryStatistics}.");
        log.Info($"Signed {resolved.Count} image(s) ({string.Join(", ", formats)}) with SignPath.");
    }

    private static int ParseParallelism(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return CosignSigningOptions.DefaultMaxParallelism;
        }

        if (int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parallelism) && parallelism is >= 1 and <= 64)
        {
            return parallelism;
        }

        throw new SignPathDockerException(
            ErrorCodes.InvalidParallelism,
            $"SignContainerMaxParallelism '{value}' is not a whole number from 1 to 64.",
            $"Leave it empty for {CosignSigningOptions.DefaultMaxParallelism}, or set e.g. 8.");
    }

    private async Task<IEnumerable<ITaskItem>> SignWithNotaryAsync(
        SigningServices services,
        SignPathSettings signPath,
        IReadOnlyList<ImageToSign> images,
        IProgressLog log,
        CancellationToken cancellationToken)
    {
        var repositories = await Notary.NotaryTargetResolver.ResolveAsync(services.Registry, images, cancellationToken);
        var notaryStatistics = new RegistryRequestStatistics();
        var (client, http) = CreateNotaryClient(log, notaryStatistics);
        using (http)
        {
            var options = new Notary.NotarySigningOptions(
                signPath.NotaryArtifactConfigurationSlug,
                DelegationRoles(),
                CreateRootTrust(),
                signPath.Description);
            await new Notary.NotarySigningFlow(client, services.ArtifactSigning, log).SignAsync(repositories, options, cancellationToken);
        }

        // The benchmark (scripts/bench.sh) reads this line and the registry one at -v:detailed.
        log.Detail($"Notary: {notaryStatistics}.");

        return repositories.Select(r => NotaryServices.RepositoryItem(r.Gun, r.Targets.Keys));
    }
}
