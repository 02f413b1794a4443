using System.Globalization;
using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.IntegrationTests.Registry;
using SignPath.Docker.Build.IntegrationTests.Rig;
using SignPath.Docker.Build.IntegrationTests.SignPath;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// Everything a real `dotnet publish -p:SignContainer=true` needs, started once per collection: the
/// three registries with a base image in each, the local signing service, and the packed nupkg
/// (from scripts/test.sh, or packed here when the tests run on their own).
/// </summary>
public sealed class PublishRig : IAsyncLifetime, IDisposable
{
    private RegistryRig? registries;
    private bool disposed;

    public RegistryRig Registries => registries ?? throw new InvalidOperationException("not started");

    public LocalSignerProcess Signer { get; private set; } = null!;

    public string PackageVersion { get; private set; } = string.Empty;

    public string PackageSource { get; private set; } = string.Empty;

    /// <summary>The registries as the .NET SDK must address them: it falls back to HTTP for "localhost:port" only.</summary>
    public string Anonymous => ForSdk(Registries.Anonymous);

    public string Authenticated => ForSdk(Registries.Authenticated);

    public string? Tls => Registries.Tls is null ? null : ForSdk(Registries.Tls);

    public async Task InitializeAsync()
    {
        var version = Environment.GetEnvironmentVariable("SIGNPATH_DOCKER_BUILD_VERSION");
        if (string.IsNullOrEmpty(version))
        {
            version = (await ExternalProcess.RunCheckedAsync(Path.Combine(RigScript.RepositoryRoot, "scripts", "pack.sh"), [])).Trim().Split('\n')[^1];
        }

        PackageVersion = version;
        PackageSource = Environment.GetEnvironmentVariable("SIGNPATH_DOCKER_BUILD_PACKAGES") ?? Path.Combine(RigScript.RepositoryRoot, "artifacts", "packages");
        registries = new RegistryRig();
        Signer = await LocalSignerProcess.StartAsync();
        var work = Directory.CreateTempSubdirectory("spd-base-").FullName;
        await PushBaseImage(work, Anonymous, "--dest-tls-verify=false");
        await PushBaseImage(work, Authenticated, "--dest-tls-verify=false", $"--dest-creds={RegistryRig.User}:{Registries.Password}");
        if (Tls is not null)
        {
            await PushBaseImage(work, Tls, "--dest-tls-verify=false");
        }
    }

    public async Task DisposeAsync()
    {
        await Signer.DisposeAsync();
        Dispose();
    }

    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            registries?.Dispose();
        }
    }

    internal static string ForSdk(string registry) =>
        registry.StartsWith("127.0.0.1:", StringComparison.Ordinal) ? "localhost:" + registry["127.0.0.1:".Length..] : registry;

    internal static async Task PushBaseImage(string work, string registry, params string[] flags) =>
        await ExternalProcess.RunCheckedAsync(
            RigScript.PathOf("base-image.sh"),
            [Path.Combine(work, registry.Replace(':', '-')), $"docker://{registry}/base:latest", .. flags]);

    internal static string Port(string registry) => registry[(registry.LastIndexOf(':') + 1)..].ToString(CultureInfo.InvariantCulture);
}
