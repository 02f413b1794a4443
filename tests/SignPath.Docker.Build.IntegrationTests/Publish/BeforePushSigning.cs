using System.Globalization;
using System.Text;
using System.Text.Json;
using SignPath.Docker.Build.IntegrationTests.Rig;
using SignPath.Docker.Build.IntegrationTests.SignPath;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>What the sign-before-push tests share: the properties, and reading an image's signatures back without our code.</summary>
internal static class BeforePushSigning
{
    /// <summary>The local signing service's emulation of an <c>&lt;oci-image-layout-archive-file&gt;</c> artifact configuration.</summary>
    public const string ArtifactConfigurationSlug = "oci-layout";

    public const string NotationArtifactType = "application/vnd.cncf.notary.signature";

    public const string BundleArtifactType = "application/vnd.dev.sigstore.bundle.v0.3+json";

    public static IEnumerable<string> Properties(LocalSignerProcess signer, string formats = "notation;cosign", string slug = ArtifactConfigurationSlug) =>
    [
        .. UserProject.SigningProperties(signer).Where(p => !p.StartsWith("-p:SignPathCosignArtifactConfigurationSlug=", StringComparison.Ordinal)),
        "-p:SignContainerBeforePush=true",
        $"-p:ContainerSignatureFormats=\"{formats}\"",
        $"-p:SignPathOciLayoutArtifactConfigurationSlug={slug}",
        $"-p:CosignPublicKey={signer.CosignPublicKeyPath}",
        $"-p:NotationRootCertificate={NotationRootPath(signer)}",
    ];

    /// <summary>The root of the local signing service's Notation chain (what a user puts in notation's trust store).</summary>
    public static string NotationRootPath(LocalSignerProcess signer) => Path.Combine(signer.Directory, "notation", "notation-root.crt");

    /// <summary>
    /// The signature manifests the registry lists for <paramref name="digest"/> (referrers tag <c>sha256-&lt;hex&gt;</c>:
    /// Debian's registry has no referrers API), each checked to exist and to name the image as its subject.
    /// </summary>
    public static async Task<IReadOnlyList<(string ArtifactType, string Digest)>> SignaturesAsync(IndependentRegistryReader registry, string repository, string digest)
    {
        var tag = digest.Replace(':', '-');
        if (!await registry.TagExistsAsync(repository, tag))
        {
            return [];
        }

        using var index = JsonDocument.Parse(await registry.GetManifestJsonAsync(repository, tag));
        var signatures = new List<(string, string)>();
        foreach (var entry in index.RootElement.GetProperty("manifests").EnumerateArray())
        {
            var signatureDigest = entry.GetProperty("digest").GetString()!;
            using var manifest = JsonDocument.Parse(await registry.GetManifestJsonAsync(repository, signatureDigest));
            Assert.Equal(digest, manifest.RootElement.GetProperty("subject").GetProperty("digest").GetString());
            signatures.Add((entry.GetProperty("artifactType").GetString()!, signatureDigest));
        }

        return signatures;
    }

    /// <summary>
    /// Verifies every signature of <paramref name="digest"/> with the verifiers in scripts/verify, no code of ours: the
    /// Notation envelope with notation.mjs (jose + openssl) against the signing service's root, the cosign bundle with
    /// cosign-bundle.mjs (@sigstore/verify) against its key. Returns their output, one line per signature.
    /// </summary>
    public static async Task<string> VerifyWithNodeAsync(IndependentRegistryReader registry, string repository, string digest, LocalSignerProcess signer)
    {
        var verify = Path.Combine(RigScript.RepositoryRoot, "scripts", "verify");
        await ExternalProcess.RunCheckedAsync(Path.Combine(verify, "install.sh"), []);
        var image = Encoding.UTF8.GetBytes(await registry.GetManifestJsonAsync(repository, digest));
        using var imageJson = JsonDocument.Parse(image);
        var imageMediaType = imageJson.RootElement.GetProperty("mediaType").GetString()!;
        var work = Directory.CreateTempSubdirectory("spd-verify-").FullName;
        var lines = new StringBuilder();
        try
        {
            foreach (var (artifactType, signatureDigest) in await SignaturesAsync(registry, repository, digest))
            {
                using var manifest = JsonDocument.Parse(await registry.GetManifestJsonAsync(repository, signatureDigest));
                var layer = manifest.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
                var blob = Path.Combine(work, layer.Replace(':', '-'));
                await File.WriteAllBytesAsync(blob, await registry.GetBlobAsync(repository, layer) ?? throw new InvalidOperationException($"signature blob {layer} is missing"));
                string[] arguments = artifactType == NotationArtifactType
                    ? [Path.Combine(verify, "notation.mjs"), blob, NotationRootPath(signer), imageMediaType, digest, image.Length.ToString(CultureInfo.InvariantCulture)]
                    : [Path.Combine(verify, "cosign-bundle.mjs"), blob, signer.CosignPublicKeyPath, digest];
                lines.AppendLine(await ExternalProcess.RunCheckedAsync("node", arguments));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        return lines.ToString();
    }

    /// <summary>Asserts the image carries a Notation signature and a cosign bundle.</summary>
    public static async Task AssertSignedAsync(IndependentRegistryReader registry, string repository, string digest)
    {
        var signatures = await SignaturesAsync(registry, repository, digest);
        Assert.Contains(signatures, s => s.ArtifactType == NotationArtifactType);
        Assert.Contains(signatures, s => s.ArtifactType == BundleArtifactType);
    }
}
