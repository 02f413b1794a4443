using System.Text.Json;
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

    /// <summary>Asserts the image carries a Notation signature and a cosign bundle.</summary>
    public static async Task AssertSignedAsync(IndependentRegistryReader registry, string repository, string digest)
    {
        var signatures = await SignaturesAsync(registry, repository, digest);
        Assert.Contains(signatures, s => s.ArtifactType == NotationArtifactType);
        Assert.Contains(signatures, s => s.ArtifactType == BundleArtifactType);
    }
}
