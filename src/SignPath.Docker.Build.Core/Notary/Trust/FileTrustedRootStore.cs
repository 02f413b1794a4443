using System.Security.Cryptography;
using System.Text;

namespace SignPath.Docker.Build.Notary.Trust;

/// <summary>
/// Keeps trusted root.json files in a directory, one per GUN, named by the SHA-256 of the GUN so that
/// GUN characters never become path syntax. Writes are atomic (temp file + rename).
/// </summary>
internal sealed class FileTrustedRootStore(string directory) : ITrustedRootStore
{
    public string Directory { get; } = directory;

    public async Task<byte[]?> ReadAsync(string gun, CancellationToken cancellationToken)
    {
        var path = PathFor(gun);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    public async Task WriteAsync(string gun, byte[] rootFile, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathFor(gun);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, rootFile, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    private string PathFor(string gun) =>
        Path.Combine(Directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(gun))) + ".root.json");
}
