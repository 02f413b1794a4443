using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using SignPath.Docker.Build.Oci;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Tests.Oci;

/// <summary>Single-platform image layouts as the .NET SDK writes them (one index.json entry per tag), built in a temp file.</summary>
internal sealed class TestImages : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("oci-test-").FullName;

    public static string Json(string text) => text.Replace('\'', '"');

    /// <summary>Writes a layout with one image of one layer of <paramref name="layerBytes"/> random bytes, tagged with <paramref name="tags"/>.</summary>
    public (string Path, OciDescriptor Manifest) Write(string repository, long layerBytes, params string[] tags)
    {
        var path = System.IO.Path.Combine(directory, $"{repository.Replace('/', '_')}-{Guid.NewGuid():N}.tar");
        var layerDigest = WriteLayer(path + ".layer", layerBytes);
        var config = Encoding.UTF8.GetBytes(Json($"{{'architecture':'amd64','os':'linux','config':{{'Labels':{{'repo':'{repository}'}}}},'rootfs':{{'type':'layers','diff_ids':['{layerDigest}']}}}}"));
        var manifest = Encoding.UTF8.GetBytes(Json(
            $"{{'schemaVersion':2,'mediaType':'{OciMediaTypes.ImageManifest}','config':{{'mediaType':'{OciMediaTypes.ImageConfig}','digest':'{ContentDigest.Sha256(config)}','size':{config.Length}}}," +
            $"'layers':[{{'mediaType':'application/vnd.oci.image.layer.v1.tar+gzip','digest':'{layerDigest}','size':{layerBytes}}}]}}"));
        var manifestDescriptor = OciDescriptor.For(OciMediaTypes.ImageManifest, manifest);
        var entries = string.Join(',', tags.Select(tag =>
            Json($"{{'mediaType':'{OciMediaTypes.ImageManifest}','digest':'{manifestDescriptor.Digest}','size':{manifest.Length},'annotations':{{'io.containerd.image.name':'{repository}:{tag}','org.opencontainers.image.ref.name':'{tag}'}}}}")));
        var index = Encoding.UTF8.GetBytes(Json($"{{'schemaVersion':2,'mediaType':'{OciMediaTypes.ImageIndex}','manifests':[{entries}]}}"));

        using (var file = File.Create(path))
        using (var writer = new TarWriter(file, TarEntryFormat.Pax))
        {
            Add(writer, "oci-layout", new MemoryStream(TestLayouts.LayoutFile));
            Add(writer, "index.json", new MemoryStream(index));
            Add(writer, Blob(ContentDigest.Sha256(config)), new MemoryStream(config));
            Add(writer, Blob(manifestDescriptor.Digest), new MemoryStream(manifest));
            using var layer = File.OpenRead(path + ".layer");
            Add(writer, Blob(layerDigest), layer);
        }

        File.Delete(path + ".layer");
        return (path, manifestDescriptor);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string Blob(string digest) => "blobs/sha256/" + digest[7..];

    private static void Add(TarWriter writer, string name, Stream content)
    {
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = content });
    }

    private static string WriteLayer(string path, long bytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var file = File.Create(path);
        var chunk = new byte[1024 * 1024];
        for (long written = 0; written < bytes; written += chunk.Length)
        {
            var count = (int)Math.Min(chunk.Length, bytes - written);
            RandomNumberGenerator.Fill(chunk.AsSpan(0, count));
            file.Write(chunk, 0, count);
            hash.AppendData(chunk, 0, count);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
