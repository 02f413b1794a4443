using System.Formats.Tar;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Oci;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Tests.Oci;

public class OciLayoutArchiveTests
{
    private const string IndexDigest = "sha256:00951176d44d20431e1fd0b9997b9a14d223da39b431148c897c2682db386301";
    private static readonly string MultiArch = Path.Combine(AppContext.BaseDirectory, "Vectors", "oci-layout", "multi-arch.tar");

    [Fact]
    public async Task Reads_a_gnu_tar_layout_with_ref_names_an_image_index_and_a_blob_stored_twice()
    {
        using var layout = OciLayoutArchive.Open(MultiArch);

        Assert.Equal(["1.0", "latest"], layout.Index.Manifests.Select(m => m.RefName));
        Assert.All(layout.Index.Manifests, m => Assert.Equal(IndexDigest, m.Digest));
        Assert.Equal(8, layout.BlobDigests.Count);

        var manifests = await layout.ReadManifestsAsync();
        Assert.Equal(3, manifests.Count);
        Assert.Equal(IndexDigest, manifests[^1].Digest);
        Assert.Equal(["amd64", "arm64"], manifests[^1].Index!.Manifests.Select(m => m.Platform!.Architecture));
        Assert.All(manifests.Take(2), m => Assert.Equal(2, m.Manifest!.Layers.Count));
        foreach (var manifest in manifests.Take(2))
        {
            Assert.True(layout.Contains(manifest.Manifest!.Config.Digest));
            foreach (var layer in manifest.Manifest.Layers)
            {
                await layout.VerifyBlobAsync(layer.Digest);
                Assert.Equal(layer.Size, layout.BlobSize(layer.Digest));
            }
        }
    }

    [Fact]
    public async Task Streams_a_blob_from_its_place_in_the_tar()
    {
        using var layout = OciLayoutArchive.Open(MultiArch);
        var index = await layout.ReadBlobAsync(IndexDigest);

        await using var stream = layout.OpenBlob(IndexDigest);
        var streamed = new MemoryStream();
        await stream.CopyToAsync(streamed);

        Assert.Equal(index, streamed.ToArray());
        Assert.True(ContentDigest.Matches(IndexDigest, index));
    }

    [Fact]
    public async Task Small_reads_are_bounded()
    {
        using var layout = OciLayoutArchive.Open(MultiArch);

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => layout.ReadBlobAsync(IndexDigest, maxBytes: 100));

        Assert.Equal(ErrorCodes.InvalidOciLayout, error.Code);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("/etc/passwd")]
    [InlineData("blobs/sha256/../../x")]
    [InlineData("blobs/sha256/not-a-digest")]
    public void Refuses_unsafe_or_unexpected_entry_names(string name)
    {
        var tar = TestLayouts.Tar(("oci-layout", TestLayouts.LayoutFile), ("index.json", TestLayouts.EmptyIndex), (name, "x"u8.ToArray()));

        var error = Assert.Throws<SignPathDockerException>(() => OciLayoutArchive.Open(tar));

        Assert.Equal(ErrorCodes.InvalidOciLayout, error.Code);
    }

    [Fact]
    public void Refuses_symbolic_links()
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
        {
            TestLayouts.Write(writer, "oci-layout", TestLayouts.LayoutFile);
            TestLayouts.Write(writer, "index.json", TestLayouts.EmptyIndex);
            writer.WriteEntry(new UstarTarEntry(TarEntryType.SymbolicLink, "blobs/sha256/" + new string('a', 64)) { LinkName = "/etc/passwd" });
        }

        var error = Assert.Throws<SignPathDockerException>(() => OciLayoutArchive.Open(buffer.ToArray()));
        Assert.Contains("SymbolicLink", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolves_a_hard_link_to_an_earlier_blob()
    {
        var content = "layer"u8.ToArray();
        var digest = ContentDigest.Sha256(content);
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Gnu, leaveOpen: true))
        {
            TestLayouts.Write(writer, "./oci-layout", TestLayouts.LayoutFile);
            TestLayouts.Write(writer, "./index.json", TestLayouts.EmptyIndex);
            TestLayouts.Write(writer, "./blobs/sha256/" + digest[7..], content);
            writer.WriteEntry(new GnuTarEntry(TarEntryType.HardLink, "./blobs/sha256/" + digest[7..]) { LinkName = "./blobs/sha256/" + digest[7..] });
        }

        using var layout = OciLayoutArchive.Open(buffer.ToArray());

        Assert.Equal(content, await layout.ReadBlobAsync(digest));
    }

    [Fact]
    public async Task Refuses_a_blob_whose_content_does_not_match_its_name()
    {
        var digest = ContentDigest.Sha256("right"u8);
        var tar = TestLayouts.Tar(("oci-layout", TestLayouts.LayoutFile), ("index.json", TestLayouts.EmptyIndex), ("blobs/sha256/" + digest[7..], "wrong"u8.ToArray()));
        using var layout = OciLayoutArchive.Open(tar);

        await Assert.ThrowsAsync<SignPathDockerException>(() => layout.ReadBlobAsync(digest));
        await Assert.ThrowsAsync<SignPathDockerException>(() => layout.VerifyBlobAsync(digest));
    }

    [Theory]
    [InlineData("{\"imageLayoutVersion\":\"2.0.0\"}")]
    [InlineData("{\"imageLayoutVersion\":\"1.0.0\",\"imageLayoutVersion\":\"1.0.0\"}")]
    public void Refuses_an_unknown_or_ambiguous_layout_version(string layoutFile)
    {
        var tar = TestLayouts.Tar(("oci-layout", Encoding.UTF8.GetBytes(layoutFile)), ("index.json", TestLayouts.EmptyIndex));

        Assert.Throws<SignPathDockerException>(() => OciLayoutArchive.Open(tar));
    }

    [Fact]
    public void Refuses_more_entries_than_allowed()
    {
        var tar = TestLayouts.Tar(("oci-layout", TestLayouts.LayoutFile), ("index.json", TestLayouts.EmptyIndex), ("extra", [1]));

        Assert.Throws<SignPathDockerException>(() => OciLayoutArchive.Open(tar, new OciLayoutLimits { MaxEntries = 2 }));
    }

    [Fact]
    public async Task Writer_output_reads_back()
    {
        using var buffer = new MemoryStream();
        OciDescriptor config;
        using (var writer = new OciLayoutWriter(buffer, leaveOpen: true))
        {
            config = writer.AddBlob(OciMediaTypes.ImageConfig, "{}"u8.ToArray());
            writer.AddBlob(OciMediaTypes.ImageConfig, "{}"u8.ToArray());
            writer.Complete([config with { Annotations = new Dictionary<string, string> { [OciMediaTypes.RefNameAnnotation] = "x" } }]);
        }

        using var layout = OciLayoutArchive.Open(buffer.ToArray());

        Assert.Equal("x", layout.Index.Manifests.Single().RefName);
        Assert.Equal("{}"u8.ToArray(), await layout.ReadBlobAsync(config.Digest));
    }
}
