using SignPath.Docker.Build.Registry.Credentials;

namespace SignPath.Docker.Build.Registry;

/// <summary>How <see cref="RegistryClient"/> talks to registries. The defaults suit CI builds.</summary>
public sealed class RegistryClientOptions
{
    /// <summary>Credentials per registry host ("localhost:5000", "docker.io"); they win over environment and docker config.</summary>
    public IReadOnlyDictionary<string, RegistryCredentials> Credentials { get; init; } =
        new Dictionary<string, RegistryCredentials>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Registries that may be reached over plain HTTP, in addition to loopback and
    /// DOTNET_CONTAINER_INSECURE_REGISTRIES. Entries are "host" or "host:port".
    /// </summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>Blobs up to this size go in one PUT; larger ones are sent in PATCH chunks of this size.</summary>
    public int ChunkSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Largest manifest we read; registries themselves refuse manifests above 4 MiB.</summary>
    public int MaxManifestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Total time one request (or one blob upload) may spend waiting between retries.</summary>
    public TimeSpan RetryBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>First back-off delay; doubled on each retry up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Per-request timeout (a whole chunk upload counts as one request).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Reads environment variables; replaceable so tests need not touch the process environment.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
