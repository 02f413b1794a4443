using System.Formats.Tar;
using System.Text;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Oci;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Tests.Oci;

public sealed class SignedLayoutCheckTests : IDisposable
{
    private readonly TestImages images = new();

    [Fact]
    public async Task Accepts_notation_bundle_and_legacy_signatures_for_our_image()
    {
        var (sent, image) = await StripAsync();
        var notation = SignatureManifest(image, OciMediaTypes.NotationSignature, OciMediaTypes.JwsEnvelope, "{\"payload\":\"x\"}");
        var bundle = SignatureManifest(image, OciMediaTypes.SigstoreBundleV03, OciMediaTypes.SigstoreBundleV03, "{\"mediaType\":\"b\"}");
        var legacy = LegacyManifest();
        var tar = Repack(sent, [(notation, null), (bundle, null), (legacy, $"sha256-{image.Digest[7..]}.sig")]);

        var signed = await SignedLayoutCheck.CheckAsync(sent, tar);

        Assert.Equal(3, signed.For(image.Digest).Count);
        Assert.Equal(
            [SignatureArtifactKind.Notation, SignatureArtifactKind.CosignBundle, SignatureArtifactKind.CosignLegacy],
            signed.Signatures.Select(s => s.Kind).Order());
        var notationArtifact = signed.Signatures.Single(s => s.Kind == SignatureArtifactKind.Notation);
        Assert.Equal("{\"payload\":\"x\"}"u8.ToArray(), notationArtifact.SignatureLayer);
        Assert.Equal(OciMediaTypes.NotationSignature, notationArtifact.ReferrerDescriptor.ArtifactType);
        Assert.Equal(image.Digest, notationArtifact.Subject.Digest);
        Assert.Equal($"sha256-{image.Digest[7..]}.sig", signed.Signatures.Single(s => s.Kind == SignatureArtifactKind.CosignLegacy).Tag);
    }

    [Fact]
    public async Task Accepts_a_signature_present_only_as_a_blob()
    {
        var (sent, image) = await StripAsync();
        var notation = SignatureManifest(image, OciMediaTypes.NotationSignature, OciMediaTypes.JwsEnvelope, "{}x");

        var signed = await SignedLayoutCheck.CheckAsync(sent, Repack(sent, [(notation, null)], listInIndex: false));

        Assert.Single(signed.Signatures);
    }

    [Fact]
    public async Task An_unsigned_layout_passes_the_check_with_no_signatures()
    {
        var (sent, _) = await StripAsync();

        var signed = await SignedLayoutCheck.CheckAsync(sent, sent.Tar);

        Assert.Empty(signed.Signatures);
    }

    [Fact]
    public async Task Refuses_a_signature_for_another_image()
    {
        var (sent, image) = await StripAsync();
        var other = image with { Digest = ContentDigest.Sha256("other"u8) };
        var notation = SignatureManifest(other, OciMediaTypes.NotationSignature, OciMediaTypes.JwsEnvelope, "{}");

        await AssertRefusedAsync(sent, Repack(sent, [(notation, null)]), "subject");
    }

    [Fact]
    public async Task Refuses_a_subject_with_another_size_or_media_type()
    {
        var (sent, image) = await StripAsync();
        var notation = SignatureManifest(image with { Size = image.Size + 1 }, OciMediaTypes.NotationSignature, OciMediaTypes.JwsEnvelope, "{}");

        await AssertRefusedAsync(sent, Repack(sent, [(notation, null)]), "subject");
    }

    [Fact]
    public async Task Refuses_an_added_manifest_that_is_not_a_signature()
    {
        var (sent, image) = await StripAsync();
        var sbom = SignatureManifest(image, "application/spdx+json", "application/spdx+json", "{}");

        await AssertRefusedAsync(sent, Repack(sent, [(sbom, null)]), "artifact type");
    }

    [Fact]
    public async Task Refuses_a_tag_moved_to_another_image()
    {
        var (sent, image) = await StripAsync();
        var (_, other) = images.Write("hello", 10, "1.0");
        var tar = Repack(sent, [], extraIndexEntries: [other with { Annotations = new Dictionary<string, string> { [OciMediaTypes.RefNameAnnotation] = "1.0" } }]);

        await AssertRefusedAsync(sent, tar, "tag '1.0'");
    }

    [Fact]
    public async Task Refuses_a_changed_original_blob()
    {
        var (sent, image) = await StripAsync();
        var tar = Repack(sent, [], replace: (image.Digest, Encoding.UTF8.GetBytes("{\"schemaVersion\":2}")));

        await AssertRefusedAsync(sent, tar, "digest");
    }

    [Fact]
    public async Task Refuses_a_missing_original_index_entry()
    {
        var (sent, _) = await StripAsync();
        var tar = Repack(sent, [], dropIndex: true);

        await AssertRefusedAsync(sent, tar, "no longer lists");
    }

    [Fact]
    public async Task Refuses_a_notation_signature_with_two_layers()
    {
        var (sent, image) = await StripAsync();
        var notation = SignatureManifest(image, OciMediaTypes.NotationSignature, OciMediaTypes.JwsEnvelope, "{}", layers: 2);

        await AssertRefusedAsync(sent, Repack(sent, [(notation, null)]), "exactly one");
    }

    [Fact]
    public async Task Refuses_a_signature_whose_layer_is_missing()
    {
        var (sent, image) = await StripAsync();
        var notation = SignatureManifest(image, OciMediaTypes.NotationSignature, OciMediaTypes.JwsEnvelope, "{\"x\":1}");
        notation.Blobs.Clear();

        await AssertRefusedAsync(sent, Repack(sent, [(notation, null)]), "not in the layout");
    }

    [Fact]
    public async Task Refuses_an_oversized_blob()
    {
        var (sent, image) = await StripAsync();
        var notation = SignatureManifest(image, OciMediaTypes.NotationSignature, OciMediaTypes.JwsEnvelope, new string('x', 5 * 1024 * 1024));

        await AssertRefusedAsync(sent, Repack(sent, [(notation, null)]), "bytes");
    }

    public void Dispose() => images.Dispose();

    private static async Task AssertRefusedAsync(StrippedLayout sent, byte[] tar, string reason)
    {
        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => SignedLayoutCheck.CheckAsync(sent, tar));
        Assert.Equal(ErrorCodes.SignedLayoutRefused, error.Code);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private async Task<(StrippedLayout Sent, OciDescriptor Image)> StripAsync()
    {
        var (path, image) = images.Write("hello", 1000, "1.0", "latest");
        using var layout = OciLayoutArchive.Open(path);
        return (await StrippedLayout.CreateAsync([layout]), image);
    }

    internal sealed record TestArtifact(byte[] Manifest, Dictionary<string, byte[]> Blobs);

    internal static TestArtifact SignatureManifest(OciDescriptor subject, string artifactType, string layerType, string layer, int layers = 1)
    {
        var layerBytes = Encoding.UTF8.GetBytes(layer);
        var layerArray = new JsonArray();
        for (var i = 0; i < layers; i++)
        {
            layerArray.Add(new JsonObject { ["mediaType"] = layerType, ["digest"] = ContentDigest.Sha256(layerBytes), ["size"] = layerBytes.Length });
        }

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["artifactType"] = artifactType,
            ["config"] = new JsonObject { ["mediaType"] = OciMediaTypes.Empty, ["digest"] = OciMediaTypes.EmptyDigest, ["size"] = 2 },
            ["layers"] = layerArray,
            ["subject"] = new JsonObject { ["mediaType"] = subject.MediaType, ["digest"] = subject.Digest, ["size"] = subject.Size },
        };
        return new TestArtifact(Encoding.UTF8.GetBytes(manifest.ToJsonString()), new() { [ContentDigest.Sha256(layerBytes)] = layerBytes, [OciMediaTypes.EmptyDigest] = "{}"u8.ToArray() });
    }

    private static TestArtifact LegacyManifest()
    {
        var payload = "{\"critical\":{}}"u8.ToArray();
        var config = "{}"u8.ToArray();
        var manifest = TestImages.Json(
            $"{{'schemaVersion':2,'mediaType':'{OciMediaTypes.ImageManifest}','config':{{'mediaType':'application/vnd.oci.image.config.v1+json','digest':'{ContentDigest.Sha256(config)}','size':2}}," +
            $"'layers':[{{'mediaType':'{OciMediaTypes.CosignSimpleSigning}','digest':'{ContentDigest.Sha256(payload)}','size':{payload.Length},'annotations':{{'dev.cosignproject.cosign/signature':'MEUC'}}}}]}}");
        return new TestArtifact(Encoding.UTF8.GetBytes(manifest), new() { [ContentDigest.Sha256(payload)] = payload, [ContentDigest.Sha256(config)] = config });
    }

    /// <summary>The sent layout plus signature manifests, written with the BCL's TarWriter as a signing service might.</summary>
    internal static byte[] Repack(
        StrippedLayout sent,
        IEnumerable<(TestArtifact Artifact, string? Tag)> artifacts,
        bool listInIndex = true,
        IEnumerable<OciDescriptor>? extraIndexEntries = null,
        (string Digest, byte[] Content)? replace = null,
        bool dropIndex = false)
    {
        using var original = OciLayoutArchive.Open(sent.Tar);
        var index = JsonNode.Parse(OriginalIndex(sent.Tar))!.AsObject();
        var entries = index["manifests"]!.AsArray();
        if (dropIndex)
        {
            entries.Clear();
        }

        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            TestLayouts.Write(writer, "oci-layout", TestLayouts.LayoutFile);
            foreach (var digest in original.BlobDigests)
            {
                var content = replace is { } r && r.Digest == digest ? r.Content : original.ReadBlobAsync(digest).Result;
                TestLayouts.Write(writer, "blobs/sha256/" + digest[7..], content);
            }

            foreach (var (artifact, tag) in artifacts)
            {
                var descriptor = OciDescriptor.For(OciMediaTypes.ImageManifest, artifact.Manifest);
                TestLayouts.Write(writer, "blobs/sha256/" + descriptor.Digest[7..], artifact.Manifest);
                foreach (var (digest, content) in artifact.Blobs)
                {
                    TestLayouts.Write(writer, "blobs/sha256/" + digest[7..], content);
                }

                if (listInIndex)
                {
                    var entry = new JsonObject { ["mediaType"] = descriptor.MediaType, ["digest"] = descriptor.Digest, ["size"] = descriptor.Size };
                    if (tag is not null)
                    {
                        entry["annotations"] = new JsonObject { [OciMediaTypes.RefNameAnnotation] = tag };
                    }

                    entries.Add(entry);
                }
            }

            foreach (var extra in extraIndexEntries ?? [])
            {
                entries.Add(new JsonObject
                {
                    ["mediaType"] = extra.MediaType,
                    ["digest"] = extra.Digest,
                    ["size"] = extra.Size,
                    ["annotations"] = new JsonObject { [OciMediaTypes.RefNameAnnotation] = extra.RefName },
                });
            }

            TestLayouts.Write(writer, "index.json", Encoding.UTF8.GetBytes(index.ToJsonString()));
        }

        return buffer.ToArray();
    }

    private static byte[] OriginalIndex(byte[] tar)
    {
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name == "index.json")
            {
                var content = new MemoryStream();
                entry.DataStream!.CopyTo(content);
                return content.ToArray();
            }
        }

        throw new InvalidOperationException("no index.json");
    }
}
