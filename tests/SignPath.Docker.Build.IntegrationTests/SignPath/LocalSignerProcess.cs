using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SignPath.Docker.Build.IntegrationTests.Rig;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.IntegrationTests.SignPath;

/// <summary>
/// A real LocalSigner on 127.0.0.1, started through scripts/rig/signer.sh (which builds it once).
/// Reusable by any integration test: sign through <see cref="CreateClientOptions"/>, verify with
/// <see cref="CosignPublicKeyPath"/>, steer with <see cref="InjectFaultAsync"/>.
/// </summary>
public sealed class LocalSignerProcess : IAsyncDisposable
{
    private const string TokenVariable = "LOCALSIGNER_TEST_API_TOKEN";

    // Concurrent first starts would run two builds of the same project at once.
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static readonly HttpClient Http = new();

    private LocalSignerProcess(string directory, int port, string apiToken)
    {
        Directory = directory;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        ApiToken = apiToken;
    }

    public string Directory { get; }

    public Uri BaseUrl { get; }

    public Uri ApiUrl => new(BaseUrl, "Api/");

    public string ApiToken { get; }

    public string OrganizationId { get; } = Guid.NewGuid().ToString("D");

    public string ProjectSlug { get; } = "containers";

    public string SigningPolicySlug { get; } = "release-signing";

    public string CosignArtifactConfigurationSlug { get; } = "cosign";

    public string CosignKeyPath => Path.Combine(Directory, "cosign.key");

    public string CosignPublicKeyPath => Path.Combine(Directory, "cosign.pub");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <param name="extraArguments">LocalSigner options such as "--approval-delay", "2".</param>
    public static Task<LocalSignerProcess> StartAsync(params string[] extraArguments) => StartWithKeyAsync(cosignKeyPem: null, extraArguments);

    /// <param name="cosignKeyPem">The signing policy's private key (e.g. an RSA key); null: the service creates an EC P-256 key.</param>
    /// <param name="extraArguments">LocalSigner options such as "--approval-delay", "2".</param>
    public static async Task<LocalSignerProcess> StartWithKeyAsync(string? cosignKeyPem, params string[] extraArguments)
    {
        var directory = Path.Combine(Path.GetTempPath(), "localsigner-" + Guid.NewGuid().ToString("N")[..12]);
        var token = "lst-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var signer = new LocalSignerProcess(directory, FreeLoopbackPort(), token);
        if (cosignKeyPem is not null)
        {
            System.IO.Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(signer.CosignKeyPath, cosignKeyPem);
        }

        await StartLock.WaitAsync();
        try
        {
            var (exitCode, output) = await RunScriptAsync(["start", directory, signer.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), TokenVariable, .. extraArguments], token);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"signer.sh start failed ({exitCode}):\n{output}");
            }
        }
        finally
        {
            StartLock.Release();
        }

        return signer;
    }

    public SignPathClientOptions CreateClientOptions(
        string? apiToken = null,
        TimeSpan? waitForCompletionTimeout = null,
        TimeSpan? pollInterval = null,
        TimeSpan? progressInterval = null,
        Uri? apiUrl = null) => new()
        {
            ApiUrl = apiUrl ?? ApiUrl,
            OrganizationId = OrganizationId,
            ApiToken = apiToken ?? ApiToken,
            PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(100),
            ProgressInterval = progressInterval ?? TimeSpan.FromSeconds(30),
            WaitForCompletionTimeout = waitForCompletionTimeout ?? TimeSpan.FromSeconds(60),
            ServiceUnavailableTimeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Arms a fault (see the LocalSigner's FaultSpecification), e.g. new { kind = "deny" }.</summary>
    public async Task InjectFaultAsync(object fault)
    {
        using var request = AdminRequest(HttpMethod.Post, "faults");
        request.Content = new StringContent(JsonSerializer.Serialize(fault), Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        await EnsureSuccessAsync(response);
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await Http.SendAsync(AdminRequest(HttpMethod.Delete, "faults"));
        await EnsureSuccessAsync(response);
    }

    public async Task ClearRequestsAsync()
    {
        using var response = await Http.SendAsync(AdminRequest(HttpMethod.Delete, "requests"));
        await EnsureSuccessAsync(response);
    }

    /// <summary>Every signing request received since start or the last clear (id, slugs, parameters, fileNames, status).</summary>
    public async Task<IReadOnlyList<JsonElement>> GetRequestsAsync()
    {
        using var response = await Http.SendAsync(AdminRequest(HttpMethod.Get, "requests"));
        await EnsureSuccessAsync(response);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. document.RootElement.EnumerateArray().Select(element => element.Clone())];
    }

    public string ReadLog() => File.Exists(Path.Combine(Directory, "signer.log")) ? File.ReadAllText(Path.Combine(Directory, "signer.log")) : string.Empty;

    public async ValueTask DisposeAsync()
    {
        await RunScriptAsync(["stop", Directory], null);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private HttpRequestMessage AdminRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseUrl, "_localsigner/" + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"LocalSigner admin call answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunScriptAsync(string[] arguments, string? token)
    {
        var environment = token is null ? null : new Dictionary<string, string?> { [TokenVariable] = token };
        // signer.sh may build the service first, so it gets the rig scripts' longer limit.
        var result = await ExternalProcess.RunAsync("bash", [Path.Combine(RepositoryRoot, "scripts", "rig", "signer.sh"), .. arguments], environment, timeout: TimeSpan.FromMinutes(5));
        return (result.ExitCode, result.Output);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SignPath.Docker.Build.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (SignPath.Docker.Build.sln) above " + AppContext.BaseDirectory);
    }
}
