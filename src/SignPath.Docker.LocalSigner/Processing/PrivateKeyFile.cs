namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>Writes a key the service generated: never over an existing file, readable by the owner only.</summary>
internal static class PrivateKeyFile
{
    public static async Task WriteAsync(string path, string pem, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(pem.AsMemory(), cancellationToken);
    }
}
