using System.Text;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Registry.Copy;
using SignPath.Docker.Build.Tests.Fakes;

namespace SignPath.Docker.Build.Tests.Registry;

public sealed class RegistryGraphCopyTests
{
    private static readonly RepositoryReference Target = new("localhost:5000", "sample/app");

    [Fact]
    public async Task Children_go_before_parents_signatures_before_tags_and_tags_last()
    {
        var source = new MemorySource();
        var (index, platform) = source.AddIndexImage();
        var signature = source.AddSignature(index, "application/vnd.cncf.notary.signature");
        var registry = new InMemoryRegistry();

        var result = await new RegistryGraphCopy(registry, NullProgressLog.Instance).CopyAsync(
            source,
            new GraphCopyRequest(Target, [new TaggedImage(index, ["1.0", "latest"])], [signature]),
            CancellationToken.None);

        Assert.Equal([platform.Digest, index.Digest, signature.Digest, ReferrersTagIndex.TagFor(index.Digest), "1.0", "latest"], registry.PutReferences.ToArray());
        Assert.Equal(["1.0", "latest"], result.Tags);
        var referrers = JsonNode.Parse(registry.Manifest(Target, ReferrersTagIndex.TagFor(index.Digest))!.Content)!;
        Assert.Equal(signature.Digest, referrers["manifests"]![0]!["digest"]!.GetValue<string>());
        Assert.Equal("application/vnd.cncf.notary.signature", referrers["manifests"]![0]!["artifactType"]!.GetValue<string>());
        Assert.All(source.BlobDigests, d => Assert.True(registry.Blob(Target, d) is not null || registry.Manifest(Target, d) is not null));
    }

    [Fact]
    public async Task An_existing_referrers_index_is_merged_not_overwritten()
    {
        var source = new MemorySource();
        var (image, _) = source.AddIndexImage();
        var ours = source.AddSignature(image, "application/vnd.dev.sigstore.bundle.v0.3+json");
        var registry = new InMemoryRegistry();
        var theirs = new ReferrerEntry(new ManifestDescriptor(MediaTypes.OciManifest, ContentDigest.Sha256("other"u8), 5), "application/vnd.cncf.notary.signature", new Dictionary<string, string>());
        registry.AddManifest(Target, ReferrersTagIndex.TagFor(image.Digest), ReferrersTagIndex.Merge(null, "t", [theirs])!);

        await new RegistryGraphCopy(registry, NullProgressLog.Instance).CopyAsync(
            source, new GraphCopyRequest(Target, [new TaggedImage(image, ["1.0"])], [ours]), CancellationToken.None);

        var referrers = JsonNode.Parse(registry.Manifest(Target, ReferrersTagIndex.TagFor(image.Digest))!.Content)!["manifests"]!.AsArray();
        Assert.Equal([theirs.Descriptor.Digest, ours.Digest], referrers.Select(r => r!["digest"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_referrers_tag_that_is_not_an_index_is_refused_and_nothing_is_tagged()
    {
        var source = new MemorySource();
        var (image, _) = source.AddIndexImage();
        var ours = source.AddSignature(image, "application/vnd.cncf.notary.signature");
        var registry = new InMemoryRegistry();
        registry.AddManifest(Target, ReferrersTagIndex.TagFor(image.Digest), new RegistryManifest(MediaTypes.OciManifest, "{\"layers\":[]}"u8.ToArray()));

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => new RegistryGraphCopy(registry, NullProgressLog.Instance).CopyAsync(
            source, new GraphCopyRequest(Target, [new TaggedImage(image, ["1.0"])], [ours]), CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidSignatureManifest, error.Code);
        Assert.Null(registry.Manifest(Target, "1.0"));
    }

    [Fact]
    public void Merging_what_is_listed_already_writes_nothing()
    {
        var entry = new ReferrerEntry(new ManifestDescriptor(MediaTypes.OciManifest, ContentDigest.Sha256("x"u8), 1), "a/b", new Dictionary<string, string> { ["k"] = "v" });
        var first = ReferrersTagIndex.Merge(null, "t", [entry])!;

        Assert.Null(ReferrersTagIndex.Merge(first, "t", [entry]));
        Assert.Equal("v", JsonNode.Parse(first.Content)!["manifests"]![0]!["annotations"]!["k"]!.GetValue<string>());
    }

    /// <summary>An OCI layout in memory: blobs by digest.</summary>
    private sealed class MemorySource : IOciContentSource
    {
        private readonly Dictionary<string, byte[]> blobs = new(StringComparer.Ordinal);

        public IEnumerable<string> BlobDigests => blobs.Keys;

        public Stream OpenBlob(string digest) => new MemoryStream(blobs[digest], writable: false);

        public ManifestDescriptor Add(string mediaType, byte[] content)
        {
            var digest = ContentDigest.Sha256(content);
            blobs[digest] = content;
            return new ManifestDescriptor(mediaType, digest, content.Length);
        }

        public (ManifestDescriptor Index, ManifestDescriptor Platform) AddIndexImage()
        {
            var config = Add(MediaTypes.OciConfig, "{\"architecture\":\"amd64\",\"os\":\"linux\"}"u8.ToArray());
            var layer = Add("application/vnd.oci.image.layer.v1.tar+gzip", Encoding.UTF8.GetBytes(new string('x', 1000)));
            var platform = Add(MediaTypes.OciManifest, Json(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = MediaTypes.OciManifest,
                ["config"] = Descriptor(config),
                ["layers"] = new JsonArray(Descriptor(layer)),
            }));
            var index = Add(MediaTypes.OciIndex, Json(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = MediaTypes.OciIndex,
                ["manifests"] = new JsonArray(Descriptor(platform)),
            }));
            return (index, platform);
        }

        public ManifestDescriptor AddSignature(ManifestDescriptor subject, string artifactType)
        {
            var empty = Add("application/vnd.oci.empty.v1+json", "{}"u8.ToArray());
            var envelope = Add("application/jose+json", Encoding.UTF8.GetBytes("{\"signature\":\"" + subject.Digest + artifactType + "\"}"));
            return Add(MediaTypes.OciManifest, Json(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = MediaTypes.OciManifest,
                ["artifactType"] = artifactType,
                ["config"] = Descriptor(empty),
                ["layers"] = new JsonArray(Descriptor(envelope)),
                ["subject"] = Descriptor(subject),
            }));
        }

        private static JsonObject Descriptor(ManifestDescriptor d) => new() { ["mediaType"] = d.MediaType, ["digest"] = d.Digest, ["size"] = d.Size };

        private static byte[] Json(JsonObject node) => Encoding.UTF8.GetBytes(node.ToJsonString());
    }
}
