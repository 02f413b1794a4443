using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notation;
using SignPath.Docker.Build.Oci;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Registry.Copy;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// Sign before push, top-down: read the layouts PublishContainer wrote → strip them to metadata (one layout for every
/// image of the build) → ONE signing request → check what came back (originals byte-identical, additions are signature
/// artifacts for our images) and verify every signature → push each repository's images, signatures and then tags.
/// Nothing reaches the registry before the signatures are checked, and no tag before its image's signatures are in.
/// </summary>
/// <param name="keys">The key every cosign signature must verify with: the pinned CosignPublicKey, or else the signing policy's (null: cosign signatures are checked but not verified).</param>
public sealed class BeforePushSigningFlow(IRegistryClient registry, IArtifactSigningService signing, IProgressLog log, SigningKeySource? keys = null)
{
    /// <summary>The file name SignPath shows for the artifact (the stripped layout of every image of the build).</summary>
    public const string ArtifactFileName = "images.oci.tar";

    /// <summary>SignPath's <c>&lt;notation-sign tag="…"&gt;</c>/<c>&lt;cosign-sign tag="…"&gt;</c> take the tag from this user-defined parameter.</summary>
    public const string TagParameter = "tag";

    /// <summary>The task's entry: validates every input before talking to a server, then runs the flow.</summary>
    public static async Task<ContainerSigningResult> RunAsync(
        IReadOnlyList<LayoutInput> layouts,
        ContainerSigningInputs inputs,
        IProgressLog log,
        CancellationToken cancellationToken)
    {
        var formats = SignatureFormatList.Parse(inputs.SignatureFormats, beforePush: true);
        var signPath = SignPath.SignPathSettings.From(inputs);
        SigningRequestOriginReport.Write(signPath, log);
        var cosignKey = formats.Contains(SignatureFormatList.Cosign) ? Crypto.PinnedKeyLoader.Load(inputs.CosignPublicKey, "CosignPublicKey") : null;
        var notationRoot = string.IsNullOrWhiteSpace(inputs.NotationRootCertificate)
            ? null
            : PemOrPath.Read(inputs.NotationRootCertificate);
        using var services = SigningServices.Create(signPath, inputs.InsecureRegistries, cosignKey, log);
        var options = new BeforePushSigningOptions(formats, signPath.OciLayoutArtifactConfigurationSlug, signPath.Description, notationRoot);
        var signed = await new BeforePushSigningFlow(services.Registry, services.ArtifactSigning, log, services.Keys).SignAndPushAsync(layouts, options, cancellationToken);
        var publicKeyFile = formats.Contains(SignatureFormatList.Cosign)
            ? await CosignPublicKeyFile.WriteAsync(services.Keys, inputs.CosignPublicKeyFile, log, cancellationToken)
            : null;

        // The benchmark (scripts/bench.sh) reads this line at -v:detailed.
        log.Detail($"Registry: {services.RegistryStatistics}.");
        return new ContainerSigningResult(signed, publicKeyFile);
    }

    public async Task<IReadOnlyList<SignedImageOutput>> SignAndPushAsync(
        IReadOnlyList<LayoutInput> layouts,
        BeforePushSigningOptions options,
        CancellationToken cancellationToken)
    {
        if (layouts.Count == 0)
        {
            throw new SignPathDockerException(ErrorCodes.NoLayoutToSign, "No OCI image layout to sign was given.", "Publish with SignContainerBeforePush=true.");
        }

        var archives = new List<OciLayoutArchive>();
        try
        {
            foreach (var layout in layouts)
            {
                archives.Add(OciLayoutArchive.Open(layout.Path));
            }

            var stripped = await StrippedLayout.CreateAsync(archives, cancellationToken);
            var tag = stripped.SharedTag ?? throw new SignPathDockerException(
                ErrorCodes.SignatureMissing,
                $"The images of this build share no tag ({string.Join(", ", stripped.Tags)}), but SignPath's 'tag' parameter names the one tag whose images it signs.",
                "Give every project of the build one common tag in ContainerImageTags (e.g. the version), or publish the projects in separate builds.");
            log.Info($"Signing {stripped.Images.Count} image tag(s) of {layouts.Count} layout(s) with SignPath before push ({string.Join(", ", options.Formats)}); sending {stripped.Tar.Length} bytes of metadata.");
            var signedTar = await signing.SignAsync(
                new ArtifactSigningRequest(
                    options.ArtifactConfigurationSlug,
                    ArtifactFileName,
                    stripped.Tar,
                    options.Description,
                    new Dictionary<string, string> { [TagParameter] = tag }),
                cancellationToken);

            var signed = await SignedLayoutCheck.CheckAsync(stripped, signedTar, cancellationToken);
            var cosignKey = keys is not null && signed.Signatures.Any(s => s.Kind != SignatureArtifactKind.Notation)
                ? await keys.GetAsync(cancellationToken)
                : null;

            using (var root = options.NotationRootCertificatePem is { } pem ? X509Certificate2.CreateFromPem(pem) : null)
            {
                new SignedLayoutVerifier(new NotationSignatureVerifier(root is null ? null : [root]), cosignKey).Verify(
                    signed,
                    requireNotation: options.Formats.Contains(SignatureFormatList.Notation),
                    requireCosign: options.Formats.Contains(SignatureFormatList.Cosign));
            }

            var outputs = new List<SignedImageOutput>();
            for (var i = 0; i < layouts.Count; i++)
            {
                outputs.AddRange(await PushAsync(layouts[i], archives[i], signed, options, cancellationToken));
            }

            return outputs;
        }
        finally
        {
            foreach (var archive in archives)
            {
                archive.Dispose();
            }
        }
    }

    private async Task<IReadOnlyList<SignedImageOutput>> PushAsync(
        LayoutInput layout,
        OciLayoutArchive archive,
        SignedLayout signed,
        BeforePushSigningOptions options,
        CancellationToken cancellationToken)
    {
        var manifests = (await archive.ReadManifestsAsync(cancellationToken)).Select(m => m.Digest).ToHashSet(StringComparer.Ordinal);
        var images = archive.Index.Manifests
            .GroupBy(entry => entry.Digest, StringComparer.Ordinal)
            .Select(group => new TaggedImage(
                new ManifestDescriptor(group.First().MediaType, group.Key, group.First().Size),
                [.. group.Select(entry => entry.RefName).OfType<string>().Distinct(StringComparer.Ordinal)]))
            .ToList();
        var signatures = signed.Signatures.Where(s => manifests.Contains(s.Subject.Digest)).ToList();
        var request = new GraphCopyRequest(
            layout.Target,
            images,
            [.. signatures.Where(s => s.Kind != SignatureArtifactKind.CosignLegacy).Select(s => new ManifestDescriptor(s.MediaType, s.Digest, s.Descriptor.Size))],
            layout.MountFrom)
        {
            LegacyCosignSignatures = [.. signatures.Where(s => s.Kind == SignatureArtifactKind.CosignLegacy)
                .Select(s => new LegacyCosignSignatures(s.Subject.Digest, new ManifestDescriptor(s.MediaType, s.Digest, s.Descriptor.Size)))],
        };

        var result = await new RegistryGraphCopy(registry, log).CopyAsync(new SignedImageContent(archive, signatures), request, cancellationToken);
        log.Info($"Pushed {layout.Target} ({string.Join(", ", result.Tags)}) with {signatures.Count} signature(s), signed before push.");
        return [.. images.Select(image => Output(layout, image, signatures, options))];
    }

    private static SignedImageOutput Output(LayoutInput layout, TaggedImage image, IEnumerable<SignatureArtifact> signatures, BeforePushSigningOptions options) =>
        new($"{layout.Target}@{image.Descriptor.Digest}", new Dictionary<string, string>
        {
            ["Format"] = string.Join(";", options.Formats),
            ["Digest"] = image.Descriptor.Digest,
            ["Tags"] = string.Join(";", image.Tags),
            ["Signatures"] = string.Join(";", signatures.Where(s => s.Subject.Digest == image.Descriptor.Digest).Select(s => s.Digest)),
        });
}
