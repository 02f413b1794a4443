using System.Security.Cryptography;
using System.Text;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.IntegrationTests.Registry;

/// <summary>Minimal OCI images pushed to the real registry: one config blob, one layer blob, and the manifest over them.</summary>
internal static class TestImages
{
    public const string GzipLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string TarLayer = "application/vnd.oci.image.layer.v1.tar";

    /// <summary>
    /// Pushes a config and a layer (256 random bytes unless given, so digests differ between tests) and returns an
    /// OCI manifest over them, not yet pushed (the registry checks the blobs exist when it is).
    /// Exactly two blob pushes, config first.
    /// </summary>
    public static async Task<RegistryManifest> PushBlobsAsync(RegistryClient client, RepositoryReference repository, byte[]? layer = null, string layerMediaType = GzipLayer)
    {
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""");
        layer ??= RandomNumberGenerator.GetBytes(256);
        await client.PushBlobAsync(repository, ContentDigest.Sha256(config), config.Length, () => new MemoryStream(config), default);
        await client.PushBlobAsync(repository, ContentDigest.Sha256(layer), layer.Length, () => new MemoryStream(layer), default);
        var json = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"{{MediaTypes.OciConfig}}","digest":"{{ContentDigest.Sha256(config)}}","size":{{config.Length}}},"layers":[{"mediaType":"{{layerMediaType}}","digest":"{{ContentDigest.Sha256(layer)}}","size":{{layer.Length}}}]}""";
        return new RegistryManifest(MediaTypes.OciManifest, Encoding.UTF8.GetBytes(json));
    }

    /// <summary>As <see cref="PushBlobsAsync"/>, then pushes the manifest by <paramref name="tag"/>; returns its digest.</summary>
    public static async Task<string> PushTaggedAsync(RegistryClient client, RepositoryReference repository, string tag, byte[]? layer = null, string layerMediaType = GzipLayer)
    {
        var manifest = await PushBlobsAsync(client, repository, layer, layerMediaType);
        return await client.PutManifestAsync(repository, tag, manifest, default);
    }
}
