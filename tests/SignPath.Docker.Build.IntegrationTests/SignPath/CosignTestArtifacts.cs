using System.Diagnostics;
using System.IO.Compression;
using System.Text;

using SignPath.Docker.Build.IntegrationTests.Rig;

namespace SignPath.Docker.Build.IntegrationTests.SignPath;

/// <summary>Builds the zip SignPath expects for cosign and checks its signatures with openssl, independently of our code.</summary>
internal static class CosignTestArtifacts
{
    public static readonly byte[] Payload = Encoding.UTF8.GetBytes(
        """{"critical":{"identity":{"docker-reference":"127.0.0.1:5000/app"},"image":{"docker-manifest-digest":"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},"type":"cosign container image signature"},"optional":null}""");

    public static MemoryStream Zip(string name = "payload.json", byte[]? content = null)
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry(name).Open();
            entry.Write(content ?? Payload);
        }

        stream.Position = 0;
        return stream;
    }

    public static Dictionary<string, byte[]> Unzip(Stream zip)
    {
        zip.Position = 0;
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        return archive.Entries.ToDictionary(entry => entry.FullName, entry =>
        {
            using var content = new MemoryStream();
            using var source = entry.Open();
            source.CopyTo(content);
            return content.ToArray();
        });
    }

    /// <summary>`openssl dgst -sha256 -verify pub -signature sig payload`: true on "Verified OK".</summary>
    public static async Task<(bool Verified, string Output)> OpenSslVerifyAsync(string publicKeyPath, byte[] payload, byte[] signature)
    {
        var directory = Directory.CreateTempSubdirectory("cosign-verify-");
        try
        {
            var payloadPath = Path.Combine(directory.FullName, "payload");
            var signaturePath = Path.Combine(directory.FullName, "payload.sig");
            await File.WriteAllBytesAsync(payloadPath, payload);
            await File.WriteAllBytesAsync(signaturePath, signature);
            var result = await ExternalProcess.RunAsync("openssl", ["dgst", "-sha256", "-verify", publicKeyPath, "-signature", signaturePath, payloadPath]);
            var output = result.Output;
            return (result.ExitCode == 0 && output.Contains("Verified OK", StringComparison.Ordinal), output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
