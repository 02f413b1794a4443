
namespace SignPath.Docker.Build.Notary.Trust;

/// <summary>Where trust-on-first-use keeps the last root.json accepted for each GUN.</summary>
public interface ITrustedRootStore
{
    /// <summary>The root.json file last accepted for <paramref name="gun"/>, or null on first use.</summary>
    Task<byte[]?> ReadAsync(string gun, CancellationToken cancellationToken);

    Task WriteAsync(string gun, byte[] rootFile, CancellationToken cancellationToken);
}
