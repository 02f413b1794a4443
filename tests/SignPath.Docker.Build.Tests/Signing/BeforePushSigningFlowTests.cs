using System.Text;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Oci;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.Tests.Fakes;
using SignPath.Docker.Build.Tests.Oci;

namespace SignPath.Docker.Build.Tests.Signing;

/// <summary>
/// The before-push flow with an in-memory registry and a signing service that adds signature-shaped artifacts
/// (the real signatures and their verification are covered by the integration tests with the local signing service).
/// </summary>
public sealed class BeforePushSigningFlowTests : IDisposable
{
    private static readonly RepositoryReference Target = new("localhost:5000", "sample/app");
    private static readonly BeforePushSigningOptions Options = new([SignatureFormatList.Notation, SignatureFormatList.Cosign], "oci", "test", null);
    private readonly TestImages images = new();

    [Fact]
    public async Task A_50_MB_layer_stays_home_and_a_signature_that_does_not_verify_pushes_nothing()
    {
        var (path, _) = images.Write("sample/app", 50 * 1024 * 1024, "1.0", "latest");
        var signing = new SignatureAddingService();
        var registry = new InMemoryRegistry();

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => new BeforePushSigningFlow(registry, signing, NullProgressLog.Instance)
            .SignAndPushAsync([new LayoutInput(path, Target, null)], Options, CancellationToken.None));

        var request = Assert.Single(signing.Requests);
        Assert.True(request.Content.Length < 64 * 1024, $"{request.Content.Length} bytes sent for signing");
        Assert.Equal("1.0", request.Parameters!["tag"]);
        Assert.Contains(error.Code, new[] { ErrorCodes.NotationSignatureInvalid, ErrorCodes.CosignBundleInvalid });
        Assert.Equal(0, registry.Requests);
    }

    [Fact]
    public async Task A_changed_config_is_refused_and_nothing_is_pushed()
    {
        var (path, _) = images.Write("sample/app", 1000, "1.0");
        var registry = new InMemoryRegistry();

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => new BeforePushSigningFlow(registry, new SignatureAddingService { ReplaceConfig = true }, NullProgressLog.Instance)
            .SignAndPushAsync([new LayoutInput(path, Target, null)], Options, CancellationToken.None));

        Assert.Equal(ErrorCodes.SignedLayoutRefused, error.Code);
        Assert.Equal(0, registry.Requests);
    }

    public void Dispose() => images.Dispose();

    private static JsonObject Descriptor(OciDescriptor d) => new() { ["mediaType"] = d.MediaType, ["digest"] = d.Digest, ["size"] = d.Size };

    private static byte[] Json(JsonObject node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    /// <summary>Returns the layout it got with a Notation-shaped and a bundle-shaped referrer per image, as SignPath would.</summary>
    private sealed class SignatureAddingService : IArtifactSigningService
    {
        public List<ArtifactSigningRequest> Requests { get; } = [];

        public bool ReplaceConfig { get; init; }

        public async Task<byte[]> SignAsync(ArtifactSigningRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            using var layout = OciLayoutArchive.Open(request.Content);
            using var output = new MemoryStream();
            using (var writer = new OciLayoutWriter(output, leaveOpen: true))
            {
                foreach (var digest in layout.BlobDigests)
                {
                    var content = await layout.ReadBlobAsync(digest, cancellationToken: cancellationToken);
                    if (ReplaceConfig && content.AsSpan().IndexOf("\"rootfs\""u8) >= 0)
                    {
                        // Same digest name, different bytes: what a tampering service would return.
                        content = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace("amd64", "arm64", StringComparison.Ordinal));
                        await writer.AddBlobAsync(digest, new MemoryStream(content), cancellationToken);
                        continue;
                    }

                    writer.AddBlob("application/octet-stream", content);
                }

                var empty = writer.AddBlob(OciMediaTypes.Empty, "{}"u8.ToArray());
                foreach (var image in layout.Index.Manifests.DistinctBy(m => m.Digest))
                {
                    AddSignature(writer, image, empty, OciMediaTypes.NotationSignature, OciMediaTypes.JwsEnvelope);

                    AddSignature(writer, image, empty, OciMediaTypes.SigstoreBundleV03, OciMediaTypes.SigstoreBundleV03);
                }

                writer.Complete(layout.Index.Manifests);
            }

            return output.ToArray();
        }

        private static void AddSignature(OciLayoutWriter writer, OciDescriptor image, OciDescriptor empty, string artifactType, string layerType)
        {
            var layer = writer.AddBlob(layerType, Encoding.UTF8.GetBytes($"{{\"for\":\"{image.Digest}\",\"type\":\"{artifactType}\"}}"));
            writer.AddBlob(OciMediaTypes.ImageManifest, Json(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = OciMediaTypes.ImageManifest,
                ["artifactType"] = artifactType,
                ["config"] = Descriptor(empty),
                ["layers"] = new JsonArray(Descriptor(layer)),
                ["subject"] = Descriptor(image),
            }));
        }
    }
}
