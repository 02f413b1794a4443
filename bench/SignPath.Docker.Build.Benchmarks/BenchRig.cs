using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SignPath.Docker.Build.Benchmarks;

/// <summary>
/// The servers of one benchmark run, started with scripts/rig/*.sh on free loopback ports: docker-registry
/// (anonymous, http) with the rig's base image, notary-server + notary-signer (http), and the LocalSigner
/// (zero approval delay) holding the delegation key the Notary repositories delegate to.
/// </summary>
internal sealed class BenchRig : IAsyncDisposable
{
    public const string OrganizationId = "4a1f7c3e-0000-4000-8000-000000000b00";

    private static readonly HttpClient Http = new();

    private BenchRig(string repositoryRoot, string work)
    {
        RepositoryRoot = repositoryRoot;
        Work = work;
    }

    public string RepositoryRoot { get; }

    public string Work { get; }

    /// <summary>The registry as the .NET SDK must address it: it falls back to http for "localhost:port" only.</summary>
    public string Registry { get; private set; } = string.Empty;

    public Uri NotaryUrl { get; private set; } = null!;

    public Uri SignerUrl { get; private set; } = null!;

    public string ApiToken { get; } = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public string DelegationKey => Path.Combine(Work, "delegation.key");

    public string DelegationCertificate => Path.Combine(Work, "delegation.crt");

    /// <summary>Digest of the base image's index; the bytes are in <see cref="BaseManifestFile"/>.</summary>
    public string BaseDigest { get; private set; } = string.Empty;

    public string BaseManifestFile => Path.Combine(Work, "base-manifest.json");

    public static async Task<BenchRig> StartAsync(string repositoryRoot)
    {
        var rig = new BenchRig(repositoryRoot, Directory.CreateTempSubdirectory("spd-bench-").FullName);
        rig.ExportEnvironment();
        try
        {
            await rig.StartServersAsync();
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>Copies the base image (index and both platforms) to registry/repository:tag with skopeo.</summary>
    public Task PushBaseImageAsync(string repositoryAndTag) => Shell.RunAsync(
        "skopeo",
        ["copy", "--quiet", "--all", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{Registry}/base:latest", $"docker://{Registry}/{repositoryAndTag}"]);

    /// <summary>
    /// A repository initialised by the notary CLI (scripts/rig/notary.sh init-repo: targets/releases and targets/signpath
    /// delegated to the LocalSigner's certificate), its root registered with the LocalSigner. Returns the CLI's trust dir.
    /// </summary>
    public async Task<string> InitNotaryRepositoryAsync(string gun)
    {
        var directory = Path.Combine(Work, "notary-repos", gun.Replace('/', '_').Replace(':', '_'));
        await Shell.RunAsync(Script("notary.sh"), ["init-repo", directory, NotaryBase, gun, DelegationCertificate]);
        await RegisterRootAsync(gun);
        return Path.Combine(directory, "trust");
    }

    public Task<ProcessResult> NotaryAsync(string trustDirectory, params string[] arguments) =>
        Shell.RunAsync("notary", ["-s", NotaryBase, "-d", trustDirectory, .. arguments]);

    /// <summary>How many targets of a role the notary CLI lists with the given digest (the CLI is the verifier).</summary>
    public async Task<int> CountSignedTagsAsync(string trustDirectory, string gun, string role, string digest)
    {
        var listed = await NotaryAsync(trustDirectory, "list", gun, "-r", role);
        var hex = digest["sha256:".Length..];
        return listed.Output.Split('\n').Count(line => line.Contains(hex, StringComparison.Ordinal) && line.TrimEnd().EndsWith(role, StringComparison.Ordinal));
    }

    public async Task ClearSigningRequestsAsync()
    {
        using var response = await Http.SendAsync(AdminRequest(HttpMethod.Delete, "requests"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Signing requests the LocalSigner received since the last clear, by artifact configuration (= format).</summary>
    public async Task<IReadOnlyDictionary<string, int>> SigningRequestsAsync()
    {
        using var response = await Http.SendAsync(AdminRequest(HttpMethod.Get, "requests"));
        response.EnsureSuccessStatusCode();
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return list.RootElement.EnumerateArray()
            .GroupBy(r => r.GetProperty("artifactConfigurationSlug").GetString() ?? "?")
            .ToDictionary(g => g.Key, g => g.Count());
    }

    public async ValueTask DisposeAsync()
    {
        await Shell.RunAsync(Script("signer.sh"), ["stop", Path.Combine(Work, "signer")], check: false);
        await Shell.RunAsync(Script("notary.sh"), ["stop", Path.Combine(Work, "notary")], check: false);
        await Shell.RunAsync(Script("registry.sh"), ["stop", Path.Combine(Work, "registry")], check: false);
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    /// <summary>What every child process inherits: the API token (never on a command line), notary CLI passphrases, no lingering build nodes.</summary>
    private void ExportEnvironment()
    {
        Environment.SetEnvironmentVariable("SIGNPATH_API_TOKEN", ApiToken);
        foreach (var role in new[] { "ROOT", "TARGETS", "SNAPSHOT", "DELEGATION" })
        {
            Environment.SetEnvironmentVariable($"NOTARY_{role}_PASSPHRASE", $"bench-{role.ToLowerInvariant()}-passphrase");
        }

        Environment.SetEnvironmentVariable("MSBUILDDISABLENODEREUSE", "1");
        Environment.SetEnvironmentVariable("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
        Environment.SetEnvironmentVariable("DOTNET_NOLOGO", "1");
    }

    private string NotaryBase => NotaryUrl.AbsoluteUri.TrimEnd('/');

    private string Script(string name) => Path.Combine(RepositoryRoot, "scripts", "rig", name);

    private async Task StartServersAsync()
    {
        var registryPort = FreePort(pair: false);
        await Shell.RunAsync(Script("registry.sh"), ["start", Path.Combine(Work, "registry"), Text(registryPort)]);
        Registry = $"localhost:{Text(registryPort)}";
        BaseDigest = (await Shell.RunAsync(Script("base-image.sh"), [Path.Combine(Work, "base"), $"docker://{Registry}/base:latest", "--dest-tls-verify=false"])).Output.Trim().Split('\n')[^1];
        await File.WriteAllBytesAsync(BaseManifestFile, await DownloadBaseManifestAsync());

        // notary-signer listens on port + 1.
        var notary = await Shell.RunAsync(Script("notary.sh"), ["start", Path.Combine(Work, "notary"), Text(FreePort(pair: true))]);
        NotaryUrl = new Uri(notary.Output.Trim().Split('\n')[^1]);

        await Shell.RunAsync("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", DelegationKey]);
        await Shell.RunAsync("openssl", ["req", "-x509", "-new", "-key", DelegationKey, "-sha256", "-days", "365", "-subj", "/CN=signpath", "-out", DelegationCertificate]);

        var signerPort = FreePort(pair: false);
        SignerUrl = new Uri($"http://127.0.0.1:{Text(signerPort)}/");
        var roots = Directory.CreateDirectory(Path.Combine(Work, "roots")).FullName;
        await Shell.RunAsync(Script("signer.sh"), ["start", Path.Combine(Work, "signer"), Text(signerPort), "SIGNPATH_API_TOKEN",
            "--organization-id", OrganizationId, "--notary-delegation-key", DelegationKey, "--notary-roots", roots]);
    }

    private async Task<byte[]> DownloadBaseManifestAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{Registry}/v2/base/manifests/{BaseDigest}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.index.v1+json"));
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The LocalSigner signs only for repositories whose root certificate it knows, as SignPath does.</summary>
    private async Task RegisterRootAsync(string gun)
    {
        using var root = JsonDocument.Parse(await Http.GetByteArrayAsync(new Uri(NotaryUrl, $"v2/{gun}/_trust/tuf/root.json")));
        var signed = root.RootElement.GetProperty("signed");
        var rootKeyId = signed.GetProperty("roles").GetProperty("root").GetProperty("keyids")[0].GetString()!;
        var pem = Encoding.UTF8.GetString(Convert.FromBase64String(signed.GetProperty("keys").GetProperty(rootKeyId).GetProperty("keyval").GetProperty("public").GetString()!));
        using var request = AdminRequest(HttpMethod.Post, "notary/roots");
        request.Content = JsonContent.Create(new { gun, certificatePem = pem });
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private HttpRequestMessage AdminRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(SignerUrl, "_localsigner/" + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        return request;
    }

    private static int FreePort(bool pair)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            if (!pair)
            {
                return port;
            }

            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException)
            {
                // port + 1 is taken; try another pair.
            }
        }

        throw new InvalidOperationException("No free loopback port (pair).");
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
}
