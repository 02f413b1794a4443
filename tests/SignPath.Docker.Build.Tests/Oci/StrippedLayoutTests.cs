using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Tests.Oci;

public sealed class StrippedLayoutTests : IDisposable
{
    private readonly TestImages images = new();

    [Fact]
    public async Task An_image_with_a_50_MB_layer_becomes_a_request_body_under_64_KiB()
    {
        var (path, manifest) = images.Write("hello", 50L * 1024 * 1024, "1.0", "latest");
        using var layout = OciLayoutArchive.Open(path);

        var stripped = await StrippedLayout.CreateAsync([layout]);

        Assert.True(stripped.Tar.Length < 64 * 1024, $"{stripped.Tar.Length} bytes");
        using var reread = OciLayoutArchive.Open(stripped.Tar);
        Assert.Equal(["1.0", "latest"], reread.Index.Manifests.Select(m => m.RefName));
        var entry = (await reread.ReadManifestsAsync()).Single();
        Assert.Equal(manifest.Digest, entry.Digest);
        Assert.True(reread.Contains(entry.Manifest!.Config.Digest));
        Assert.False(reread.Contains(entry.Manifest.Layers[0].Digest));
        Assert.Equal(50L * 1024 * 1024, entry.Manifest.Layers[0].Size);
    }

    [Fact]
    public async Task Several_projects_become_one_layout_listing_every_image_and_tag()
    {
        var (a, manifestA) = images.Write("app/api", 1000, "1.2.3", "latest");
        var (b, manifestB) = images.Write("app/worker", 1000, "1.2.3");
        using var layoutA = OciLayoutArchive.Open(a);
        using var layoutB = OciLayoutArchive.Open(b);

        var stripped = await StrippedLayout.CreateAsync([layoutA, layoutB, layoutA]);

        Assert.Equal(3, stripped.Images.Count);
        Assert.Equal(["app/api:1.2.3", "app/api:latest", "app/worker:1.2.3"], stripped.Images.Select(i => i.Annotations!["io.containerd.image.name"]));
        Assert.Equal(["1.2.3", "latest"], stripped.Tags);
        Assert.True(stripped.IsImage(manifestA.Digest));
        Assert.True(stripped.IsImage(manifestB.Digest));
        Assert.Equal(4, stripped.Blobs.Count);
    }

    [Fact]
    public async Task A_multi_platform_layout_keeps_its_index_manifests_and_configs()
    {
        using var layout = OciLayoutArchive.Open(Path.Combine(AppContext.BaseDirectory, "Vectors", "oci-layout", "multi-arch.tar"));

        var stripped = await StrippedLayout.CreateAsync([layout]);

        Assert.Equal(3, stripped.Manifests.Count);
        Assert.Equal(5, stripped.Blobs.Count);
        using var reread = OciLayoutArchive.Open(stripped.Tar);
        Assert.Equal(5, reread.BlobDigests.Count);
        Assert.All(stripped.Blobs, digest => Assert.True(reread.Contains(digest)));
    }

    [Fact]
    public async Task The_same_layouts_always_give_the_same_bytes()
    {
        var (path, _) = images.Write("hello", 10, "1.0");
        using var layout = OciLayoutArchive.Open(path);

        var first = await StrippedLayout.CreateAsync([layout]);
        var second = await StrippedLayout.CreateAsync([layout]);

        Assert.Equal(first.Tar, second.Tar);
    }

    public void Dispose() => images.Dispose();
}
