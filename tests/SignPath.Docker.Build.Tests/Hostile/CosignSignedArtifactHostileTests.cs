using System.IO.Compression;
using System.Text;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Tests.Hostile;

/// <summary>
/// Signed cosign artifacts a compromised or misconfigured signing service could return. Each must be refused
/// (SPD3009) before anything is read into a signature, let alone pushed.
/// </summary>
public sealed class CosignSignedArtifactHostileTests
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("{\"critical\":{}}");

    [Theory]
    [InlineData("../payload-001.json.sig")]
    [InlineData("sub/../../payload-001.json.sig")]
    [InlineData("/payload-001.json.sig")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/payload-001.json.sig")]
    [InlineData("..\\payload-001.json.sig")]
    [InlineData("./payload-001.json.sig")]
    public void Unsafe_entry_paths_are_refused(string name)
    {
        var zip = Zip((name, new byte[64]), ("payload-001.json.sig", new byte[64]));

        var exception = Assert.Throws<SignPathDockerException>(() => CosignSigningArtifact.ReadSignatures(zip, [Payload]));

        Assert.Equal(ErrorCodes.InvalidSignedArtifact, exception.Code);
        Assert.Contains("unsafe path", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("payload-002.json.sig")]
    [InlineData("notes.txt")]
    [InlineData("payload-001.json.sig.exe")]
    public void Unexpected_entries_are_refused(string name)
    {
        var zip = Zip(("payload-001.json.sig", new byte[64]), (name, new byte[8]));

        var exception = Assert.Throws<SignPathDockerException>(() => CosignSigningArtifact.ReadSignatures(zip, [Payload]));

        Assert.Equal(ErrorCodes.InvalidSignedArtifact, exception.Code);
        Assert.Contains("not expected", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_bomb_entry_is_refused_without_expanding_it()
    {
        // 64 MiB of zeros compress to about 64 KiB: small on the wire, huge in memory.
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = archive.CreateEntry("payload-001.json.sig", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                stream.Write(zeros);
            }
        }

        Assert.True(buffer.Length < 1024 * 1024);
        var exception = Assert.Throws<SignPathDockerException>(() => CosignSigningArtifact.ReadSignatures(buffer.ToArray(), [Payload]));

        Assert.Equal(ErrorCodes.InvalidSignedArtifact, exception.Code);
    }

    [Fact]
    public void Duplicate_entries_are_refused()
    {
        var zip = Zip(("payload-001.json.sig", new byte[64]), ("payload-001.json.sig", new byte[64]));

        var exception = Assert.Throws<SignPathDockerException>(() => CosignSigningArtifact.ReadSignatures(zip, [Payload]));

        Assert.Equal(ErrorCodes.InvalidSignedArtifact, exception.Code);
    }

    [Fact]
    public void Bytes_that_are_no_zip_are_refused()
    {
        var exception = Assert.Throws<SignPathDockerException>(() => CosignSigningArtifact.ReadSignatures(Encoding.UTF8.GetBytes("<html>502 Bad Gateway</html>"), [Payload]));

        Assert.Equal(ErrorCodes.InvalidSignedArtifact, exception.Code);
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
