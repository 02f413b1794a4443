using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SignPath.Docker.Build.IntegrationTests.Publish;
using SignPath.Docker.Build.IntegrationTests.Rig;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.BeforePush;

/// <summary>
/// Which Notation envelope SignPath's OCI-layout signing returns is not documented, so a publish before push must work
/// with COSE as well as JWS: `dotnet publish` of a generated project against the real registry and the local signing
/// service's <c>oci-layout-cose</c> configuration, then the pushed envelope is read back over the registry API and
/// verified by scripts/verify/notation-cose.mjs (npm cbor + node:crypto + openssl), which shares no code with the package.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class BeforePushCosePublishTests(PublishRig rig, ITestOutputHelper output)
{
    /// <summary>The COSE library is a dependency of the tasks: it must travel in the package, beside Pkcs11Interop.</summary>
    [Fact]
    public void The_package_carries_the_COSE_and_CBOR_assemblies_beside_the_tasks()
    {
        var package = Path.Combine(rig.PackageSource, $"SignPath.Docker.Build.{rig.PackageVersion}.nupkg");
        using var zip = ZipFile.OpenRead(package);
        var tasks = zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("tasks/net10.0/", StringComparison.Ordinal)).ToList();

        Assert.Contains("tasks/net10.0/System.Security.Cryptography.Cose.dll", tasks);
        Assert.Contains("tasks/net10.0/System.Formats.Cbor.dll", tasks);
        Assert.Contains("tasks/net10.0/Pkcs11Interop.dll", tasks);
    }

    [Fact]
    public async Task A_publish_signed_with_COSE_notation_envelopes_pushes_a_signature_an_independent_verifier_accepts()
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var repository = "before-push/cose-" + Guid.NewGuid().ToString("N")[..8];

        var published = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Anonymous, repository), .. BeforePushSigning.Properties(rig.Signer, slug: "oci-layout-cose")]);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        var digest = await registry.DigestOfAsync(repository, "1.0");
        Assert.NotNull(digest);
        await BeforePushSigning.AssertSignedAsync(registry, repository, digest);
        var image = Encoding.UTF8.GetBytes(await registry.GetManifestJsonAsync(repository, digest));
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(image)));
        string mediaType;
        using (var json = JsonDocument.Parse(image))
        {
            mediaType = json.RootElement.GetProperty("mediaType").GetString()!;
        }

        var notation = Assert.Single(await BeforePushSigning.SignaturesAsync(registry, repository, digest), s => s.ArtifactType == BeforePushSigning.NotationArtifactType);
        using var manifest = JsonDocument.Parse(await registry.GetManifestJsonAsync(repository, notation.Digest));
        var layer = Assert.Single(manifest.RootElement.GetProperty("layers").EnumerateArray().ToList());
        Assert.Equal("application/cose", layer.GetProperty("mediaType").GetString());
        var envelope = await registry.GetBlobAsync(repository, layer.GetProperty("digest").GetString()!);
        Assert.NotNull(envelope);

        var verified = await IndependentNotationVerifier.VerifyAsync(
            "notation-cose.mjs", envelope, BeforePushSigning.NotationRootPath(rig.Signer), mediaType, digest, image.Length);
        output.WriteLine(verified);
        Assert.Contains("notation signature verified", verified, StringComparison.Ordinal);
    }
}
