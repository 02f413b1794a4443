using System.Text;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.IntegrationTests.BeforePush;

/// <summary>A one-image OCI layout tar like the one PublishContainer writes, with a layer of the size a test needs.</summary>
internal static class TestLayout
{
    public static string Write(string directory, long layerBytes, params string[] tags)
    {
        var path = Path.Combine(directory, $"image-{Guid.NewGuid():N}.oci.tar");
        var layerPath = Path.Combine(directory, "layer.bin");
        using (var layerFile = File.Create(layerPath))
        {
            var chunk = new byte[1024 * 1024];
            var random = new Random(42);
            for (long written = 0; written < layerBytes; written += chunk.Length)
            {
                random.NextBytes(chunk);
                layerFile.Write(chunk, 0, (int)Math.Min(chunk.Length, layerBytes - written));
            }
        }

        string layerDigest;
        using (var layerFile = File.OpenRead(layerPath))
        {
            layerDigest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(layerFile));
        }

        using var file = File.Create(path);
        using var writer = new OciLayoutWriter(file);
        using (var layerFile = File.OpenRead(layerPath))
        {
            writer.AddBlobAsync(layerDigest, layerFile).GetAwaiter().GetResult();
        }

        var config = writer.AddBlob(OciMediaTypes.ImageConfig, Encoding.UTF8.GetBytes(
            $"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"{Guid.NewGuid():N}\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{layerDigest}\"]}}}}"));
        var manifest = writer.AddBlob(OciMediaTypes.ImageManifest, Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["config"] = new JsonObject { ["mediaType"] = config.MediaType, ["digest"] = config.Digest, ["size"] = config.Size },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip", ["digest"] = layerDigest, ["size"] = layerBytes }),
        }.ToJsonString()));
        writer.Complete(tags.Select(tag => manifest with { Annotations = new Dictionary<string, string> { [OciMediaTypes.RefNameAnnotation] = tag } }));
        File.Delete(layerPath);
        return path;
    }
}
