using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Crypto;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.Tests.Fakes;

namespace SignPath.Docker.Build.Tests.Cosign;

public sealed class CosignSigningFlowTests : IDisposable
{
    private static readonly RepositoryReference Repository = new("localhost:5000", "sample/app");
    private readonly InMemoryRegistry registry = new();
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RegistryManifest image = new(MediaTypes.OciManifest, Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"layers\":[]}"));

    public CosignSigningFlowTests() => registry.AddManifest(Repository, "1.0", image);

    public void Dispose() => key.Dispose();

    [Fact]
    public async Task Attaches_a_signature_layer_that_verifies_over_the_stored_payload()
    {
        var signed = await Sign(key);

        var layers = SignatureLayers();
        var layer = Assert.Single(layers);
        var payload = registry.Blob(Repository, layer["digest"]!.GetValue<string>())!;
        var signature = Convert.FromBase64String(layer["annotations"]![CosignSignatureTag.SignatureAnnotation]!.GetValue<string>());
        Assert.Equal(MediaTypes.CosignSimpleSigning, layer["mediaType"]!.GetValue<string>());
        Assert.True(key.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(image.Digest, SimpleSigningPayload.ReadClaimedDigest(payload));
        Assert.True(Assert.Single(signed).Attachment.Added);
    }

    [Fact]
    public async Task A_second_signature_keeps_the_first()
    {
        using var second = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await Sign(key);
        var first = Assert.Single(SignatureLayers()).ToJsonString();

        await Sign(second);

        var layers = SignatureLayers();
        Assert.Equal(2, layers.Count);
        Assert.Equal(first, layers[0].ToJsonString());
        var config = JsonNode.Parse(registry.Blob(Repository, SignatureManifest()["config"]!["digest"]!.GetValue<string>())!)!;
        Assert.Equal(2, config["rootfs"]!["diff_ids"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_identical_signature_is_not_attached_twice()
    {
        var attacher = new CosignSignatureAttacher(registry, NullProgressLog.Instance);
        var payload = SimpleSigningPayload.Create(Repository, image.Digest);
        var signature = key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        var first = await attacher.AttachAsync(Repository, image.Digest, payload, signature, CancellationToken.None);
        var again = await attacher.AttachAsync(Repository, image.Digest, payload, signature, CancellationToken.None);

        Assert.True(first.Added);
        Assert.False(again.Added);
        Assert.Single(SignatureLayers());
    }

    [Fact]
    public async Task A_concurrent_writer_is_not_overwritten()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherFlow = new CosignSigningFlow(registry, new LocalKeySigningService(other), KeysOf(other), NullProgressLog.Instance);
        registry.BeforeNextHead = (".sig", () =>
            otherFlow.SignAsync([new ImageToSign(Repository, image.Digest, [])], new CosignSigningOptions(null), CancellationToken.None).GetAwaiter().GetResult());

        await Sign(key);

        Assert.Equal(2, SignatureLayers().Count);
    }

    [Fact]
    public async Task A_signature_that_does_not_match_the_public_key_pushes_nothing()
    {
        using var expected = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => Sign(key, expected));

        Assert.Equal(ErrorCodes.SignatureVerificationFailed, error.Code);
        Assert.Null(registry.Manifest(Repository, CosignSignatureTag.For(image.Digest)));
    }

    [Fact]
    public async Task Unexpected_files_in_the_signed_artifact_are_refused()
    {
        var signer = new LocalKeySigningService(key) { Tamper = zip => AddEntry(zip, "../evil.sh") };
        var flow = new CosignSigningFlow(registry, signer, KeysOf(key), NullProgressLog.Instance);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() =>
            flow.SignAsync([new ImageToSign(Repository, image.Digest, ["1.0"])], new CosignSigningOptions(null), CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidSignedArtifact, error.Code);
        Assert.Null(registry.Manifest(Repository, CosignSignatureTag.For(image.Digest)));
    }

    [Fact]
    public async Task An_image_missing_from_the_registry_is_not_sent_for_approval()
    {
        var signer = new LocalKeySigningService(key);
        var flow = new CosignSigningFlow(registry, signer, KeysOf(key), NullProgressLog.Instance);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() =>
            flow.SignAsync([new ImageToSign(Repository, ContentDigest.Sha256("absent"u8), [])], new CosignSigningOptions(null), CancellationToken.None));

        Assert.Equal(ErrorCodes.ManifestNotFound, error.Code);
        Assert.Equal(0, signer.Requests);
    }

    [Fact]
    public async Task Several_images_take_one_signing_request()
    {
        var second = new RegistryManifest(MediaTypes.OciManifest, "{\"schemaVersion\":2}"u8.ToArray());
        var otherRepository = Repository with { Repository = "sample/other" };
        registry.AddManifest(otherRepository, "2.0", second);
        var signer = new LocalKeySigningService(key);
        var flow = new CosignSigningFlow(registry, signer, KeysOf(key), NullProgressLog.Instance);

        var signed = await flow.SignAsync(
            [new ImageToSign(Repository, image.Digest, ["1.0"]), new ImageToSign(otherRepository, second.Digest, ["2.0"]), new ImageToSign(Repository, image.Digest, ["latest"])],
            new CosignSigningOptions(null),
            CancellationToken.None);

        Assert.Equal(1, signer.Requests);
        Assert.Equal(2, signed.Count);
        Assert.Equal(["1.0", "latest"], signed[0].Image.Tags);
    }

    [Fact]
    public async Task An_image_the_build_pushed_is_not_checked_again_but_one_given_by_reference_is()
    {
        var flow = new CosignSigningFlow(registry, new LocalKeySigningService(key), KeysOf(key), NullProgressLog.Instance);

        await flow.SignAsync([new ImageToSign(Repository, image.Digest, ["1.0"]) { KnownToExist = true }], new CosignSigningOptions(null), CancellationToken.None);
        Assert.DoesNotContain(image.Digest, registry.HeadedReferences);

        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await new CosignSigningFlow(registry, new LocalKeySigningService(other), KeysOf(other), NullProgressLog.Instance)
            .SignAsync([new ImageToSign(Repository, image.Digest, ["1.0"])], new CosignSigningOptions(null), CancellationToken.None);
        Assert.Single(registry.HeadedReferences, r => r == image.Digest);
    }

    [Fact]
    public async Task A_second_signature_over_the_same_payload_uploads_only_the_new_config()
    {
        using var second = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await Sign(key);
        var payloadDigest = Assert.Single(SignatureLayers())["digest"]!.GetValue<string>();
        Assert.Equal(2, registry.UploadedBlobs.Count);
        registry.UploadedBlobs.Clear();

        await Sign(second);

        var uploaded = Assert.Single(registry.UploadedBlobs);
        Assert.NotEqual(payloadDigest, uploaded);
        Assert.Equal(SignatureManifest()["config"]!["digest"]!.GetValue<string>(), uploaded);
    }

    [Fact]
    public async Task Many_images_are_attached_in_parallel_and_reported_in_order()
    {
        var images = new List<ImageToSign>();
        for (var i = 0; i < 9; i++)
        {
            var manifest = new RegistryManifest(MediaTypes.OciManifest, Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"n\":{i}}}"));
            registry.AddManifest(Repository, $"v{i}", manifest);
            images.Add(new ImageToSign(Repository, manifest.Digest, [$"v{i}"]) { KnownToExist = true });
        }

        var signer = new LocalKeySigningService(key);
        var signed = await new CosignSigningFlow(registry, signer, KeysOf(key), NullProgressLog.Instance)
            .SignAsync(images, new CosignSigningOptions(null, MaxParallelism: 3), CancellationToken.None);

        Assert.Equal(1, signer.Requests);
        Assert.Equal(images.Select(i => i.Digest), signed.Select(s => s.Image.Digest));
        Assert.All(images, i => Assert.NotNull(registry.Manifest(Repository, CosignSignatureTag.For(i.Digest))));
    }

    private static byte[] AddEntry(byte[] zip, string name)
    {
        var buffer = new MemoryStream();
        buffer.Write(zip);
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var stream = archive.CreateEntry(name).Open();
            stream.Write("x"u8);
        }

        return buffer.ToArray();
    }

    /// <summary>Signs with <paramref name="signingKey"/>; the flow checks with <paramref name="expected"/>, by default the same key.</summary>
    private Task<IReadOnlyList<CosignSignedImage>> Sign(ECDsa signingKey, ECDsa? expected = null) =>
        new CosignSigningFlow(registry, new LocalKeySigningService(signingKey), KeysOf(expected ?? signingKey), NullProgressLog.Instance)
            .SignAsync([new ImageToSign(Repository, image.Digest, ["1.0"])], new CosignSigningOptions(null), CancellationToken.None);

    private static SigningKeySource KeysOf(ECDsa key) => SigningKeySource.Pinned(VerificationKey.FromPem(key.ExportSubjectPublicKeyInfoPem(), "the test key"));

    private JsonObject SignatureManifest() =>
        (JsonObject)JsonNode.Parse(registry.Manifest(Repository, CosignSignatureTag.For(image.Digest))!.Content)!;

    private List<JsonObject> SignatureLayers() => SignatureManifest()["layers"]!.AsArray().OfType<JsonObject>().ToList();
}
