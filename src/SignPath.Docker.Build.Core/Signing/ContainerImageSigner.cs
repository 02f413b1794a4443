using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Crypto;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// SignContainerImage's work, from the task's text inputs to the signed images: validate everything before
/// talking to a server, resolve digests, then one SignPath signing request per format. The task runs it in
/// MSBuild's process.
/// </summary>
public static class ContainerImageSigner
{
    public static async Task<ContainerSigningResult> SignAsync(ContainerSigningInputs inputs, IProgressLog log, CancellationToken cancellationToken)
    {
        var formats = SignatureFormatList.Parse(inputs.SignatureFormats);
        var signPath = SignPathSettings.From(inputs);
        SigningRequestOriginReport.Write(signPath, log);
        var images = ImageItems.Parse(inputs.Images);
        var parallelism = ParseParallelism(inputs.SignContainerMaxParallelism);
        IReadOnlyList<string> delegationRoles = formats.Contains(SignatureFormatList.Notary) ? NotaryServices.DelegationRoles(inputs.NotaryDelegationName) : [];
        var pinnedKey = formats.Contains(SignatureFormatList.Cosign) ? PinnedKeyLoader.Load(inputs.CosignPublicKey, "CosignPublicKey") : null;
        using var services = SigningServices.Create(signPath, inputs.InsecureRegistries, pinnedKey, log);

        var resolved = await ImageItems.ResolveDigestsAsync(services.Registry, images, cancellationToken);
        if (formats.Contains(SignatureFormatList.Notary))
        {
            // Notary targets need each manifest's length; resolving it here (one HEAD at most per image) also
            // confirms the image for the cosign flow, so no manifest is asked about twice.
            resolved = await ImageManifestResolver.WithSizesOfTaggedAsync(services.Registry, resolved, parallelism, cancellationToken);
        }

        var signed = new List<SignedImageOutput>();
        string? publicKeyFile = null;
        if (formats.Contains(SignatureFormatList.Cosign))
        {
            var flow = new CosignSigningFlow(services.Registry, services.ArtifactSigning, services.Keys, log);
            var options = new CosignSigningOptions(
                signPath.CosignArtifactConfigurationSlug,
                signPath.Description,
                inputs.CosignAnnotations.Count == 0 ? null : inputs.CosignAnnotations,
                parallelism);
            foreach (var result in await flow.SignAsync(resolved, options, cancellationToken))
            {
                signed.Add(new SignedImageOutput($"{result.Image.Repository}@{result.Image.Digest}", new()
                {
                    ["Format"] = SignatureFormatList.Cosign,
                    ["Digest"] = result.Image.Digest,
                    ["Tags"] = string.Join(";", result.Image.Tags),
                    ["SignatureTag"] = result.Attachment.Tag,
                    ["SignatureManifestDigest"] = result.Attachment.ManifestDigest,
                }));
            }

            publicKeyFile = await CosignPublicKeyFile.WriteAsync(services.Keys, inputs.CosignPublicKeyFile, log, cancellationToken);
        }

        if (formats.Contains(SignatureFormatList.Notary))
        {
            var repositories = await NotaryTargetResolver.ResolveAsync(services.Registry, resolved, cancellationToken);
            var notaryStatistics = new RegistryRequestStatistics();
            var (client, http) = NotaryServices.CreateClient(inputs.NotaryUrl, inputs.NotaryUsername, inputs.NotaryPassword, log, notaryStatistics);
            using (http)
            {
                var options = new NotarySigningOptions(
                    signPath.NotaryArtifactConfigurationSlug,
                    delegationRoles,
                    NotaryServices.CreateRootTrust(inputs.NotaryRootCertificate, inputs.NotaryTrustDirectory),
                    signPath.Description);
                await new NotarySigningFlow(client, services.ArtifactSigning, log).SignAsync(repositories, options, cancellationToken);
            }

            // The benchmark (scripts/bench.sh) reads this line and the registry one at -v:detailed.
            log.Detail($"Notary: {notaryStatistics}.");
            signed.AddRange(repositories.Select(r => NotaryServices.RepositoryOutput(r.Gun, r.Targets.Keys)));
        }

        log.Detail($"Registry: {services.RegistryStatistics}.");
        log.Info($"Signed {resolved.Count} image(s) ({string.Join(", ", formats)}) with SignPath.");
        return new ContainerSigningResult(signed, publicKeyFile);
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
}
