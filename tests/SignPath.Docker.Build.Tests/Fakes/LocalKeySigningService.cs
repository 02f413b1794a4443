using System.IO.Compression;
using System.Security.Cryptography;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Tests.Fakes;

/// <summary>Signs every file of a zip like SignPath's "Detached raw signatures" would, with a key in memory.</summary>
internal sealed class LocalKeySigningService(ECDsa key) : IArtifactSigningService
{
    public int Requests { get; private set; }

    public Func<byte[], byte[]>? Tamper { get; set; }

    public Task<byte[]> SignAsync(ArtifactSigningRequest request, CancellationToken cancellationToken)
    {
        Requests++;
        using var input = new ZipArchive(new MemoryStream(request.Content), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                using var source = entry.Open();
                using var bytes = new MemoryStream();
                source.CopyTo(bytes);
                var content = bytes.ToArray();
                using (var target = archive.CreateEntry(entry.FullName).Open())
                {
                    target.Write(content);
                }

                using var sig = archive.CreateEntry(entry.FullName + ".sig").Open();
                sig.Write(key.SignData(content, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            }
        }

        var result = output.ToArray();
        return Task.FromResult(Tamper is null ? result : Tamper(result));
    }
}
