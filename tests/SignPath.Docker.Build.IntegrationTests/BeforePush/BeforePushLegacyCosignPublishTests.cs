using System.Text.Json;
using SignPath.Docker.Build.IntegrationTests.Publish;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.BeforePush;

/// <summary>
/// Which cosign format SignPath's <c>&lt;cosign-sign&gt;</c> adds to the layout is not documented: besides a bundle it may
/// be cosign's original <c>sha256-&lt;hex&gt;.sig</c> manifest. A publish before push against the local signing service's
/// <c>-cosign-legacy</c> configurations must push that signature the way `cosign attach signature` does (the .sig tag,
/// appended), and openssl (scripts/verify-cosign.sh) must verify it with the signing key.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class BeforePushLegacyCosignPublishTests(PublishRig rig, ITestOutputHelper output)
{
    [Theory]
    [InlineData("oci-layout-cosign-legacy", "cosign")]
    [InlineData("oci-layout-notation-cosign-legacy", "notation;cosign")]
    public async Task A_legacy_cosign_signature_from_the_layout_is_attached_under_the_sig_tag_and_verifies(string slug, string formats)
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var repository = "before-push/legacy-" + Guid.NewGuid().ToString("N")[..8];

        var published = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Anonymous, repository), .. BeforePushSigning.Properties(rig.Signer, formats, slug)]);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        var digest = await registry.DigestOfAsync(repository, "1.0");
        Assert.NotNull(digest);
        Assert.Equal(digest, await registry.DigestOfAsync(repository, "latest"));
        using (var signature = JsonDocument.Parse(await registry.GetManifestJsonAsync(repository, digest.Replace(':', '-') + ".sig")))
        {
            var layer = Assert.Single(signature.RootElement.GetProperty("layers").EnumerateArray().ToList());
            Assert.Equal("application/vnd.dev.cosign.simplesigning.v1+json", layer.GetProperty("mediaType").GetString());
        }

        Assert.Contains("1 of 1", await registry.VerifyCosignAsync(repository, digest, rig.Signer.CosignPublicKeyPath), StringComparison.Ordinal);
        var referrers = await BeforePushSigning.SignaturesAsync(registry, repository, digest);
        Assert.Equal(formats.Contains("notation", StringComparison.Ordinal) ? 1 : 0, referrers.Count(s => s.ArtifactType == BeforePushSigning.NotationArtifactType));
        Assert.DoesNotContain(referrers, s => s.ArtifactType == BeforePushSigning.BundleArtifactType);
    }
}
