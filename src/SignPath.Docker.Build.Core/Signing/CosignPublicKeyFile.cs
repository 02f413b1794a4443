using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// Writes the key the cosign signatures were checked with where the targets ask (obj/…/cosign.pub), so that
/// <c>cosign verify --key</c> works right after the build. The key is already known by then: no request.
/// </summary>
internal static class CosignPublicKeyFile
{
    /// <returns>The full path written, or null when no path was asked for.</returns>
    public static async Task<string?> WriteAsync(SigningKeySource keys, string? path, IProgressLog log, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var key = await keys.GetAsync(cancellationToken);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var pem = key.ExportPem();
        // Unchanged content keeps the file's timestamp, so incremental builds see nothing new.
        if (!File.Exists(full) || await File.ReadAllTextAsync(full, cancellationToken) != pem)
        {
            await File.WriteAllTextAsync(full, pem, cancellationToken);
        }

        log.Info($"cosign public key ({key.Description}, from {key.Source}): {full}");
        return full;
    }
}
