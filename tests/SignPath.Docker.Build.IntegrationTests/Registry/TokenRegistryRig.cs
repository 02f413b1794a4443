using System.Globalization;
using SignPath.Docker.Build.IntegrationTests.Faults;
using SignPath.Docker.Build.IntegrationTests.Rig;

namespace SignPath.Docker.Build.IntegrationTests.Registry;

/// <summary>
/// A real docker-registry with <c>auth: token</c> whose realm is a <see cref="FaultProxy"/> in front of the test
/// rig's <see cref="TokenService"/>: registry requests go straight to the registry, and every token request
/// passes the proxy, which counts them and can break any one of them.
/// </summary>
public sealed class TokenRegistryRig : IAsyncDisposable
{
    private readonly string _directory;

    private TokenRegistryRig(string directory, TokenService tokens, FaultProxy proxy, string registry)
    {
        _directory = directory;
        Tokens = tokens;
        TokenProxy = proxy;
        Registry = registry;
    }

    public TokenService Tokens { get; }

    /// <summary>The proxy between every client and the token service.</summary>
    public FaultProxy TokenProxy { get; }

    /// <summary>"127.0.0.1:port" of the registry.</summary>
    public string Registry { get; }

    /// <param name="credentials">The user the token service lets push (<see cref="TokenService.StartAsync"/>); null: anyone.</param>
    public static async Task<TokenRegistryRig> StartAsync((string User, string Password)? credentials = null)
    {
        var directory = Directory.CreateTempSubdirectory("spd-token-registry-").FullName;
        var bundle = Path.Combine(directory, "token-roots.pem");
        var tokens = await TokenService.StartAsync(bundle, credentials);
        var proxy = await FaultProxy.StartAsync(tokens.Url);
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await RigScript.RunAsync("registry.sh", ["start", Path.Combine(directory, "registry"), port, "--token", $"{proxy.Url}token", bundle]);
        return new TokenRegistryRig(directory, tokens, proxy, $"127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RigScript.RunAsync("registry.sh", ["stop", Path.Combine(_directory, "registry")]);
        }
        finally
        {
            await TokenProxy.DisposeAsync();
            await Tokens.DisposeAsync();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
