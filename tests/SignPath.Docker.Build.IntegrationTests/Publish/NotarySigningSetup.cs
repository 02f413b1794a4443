using System.Net.Http.Headers;
using System.Security.Cryptography;
using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.IntegrationTests.Rig;
using SignPath.Docker.Build.IntegrationTests.SignPath;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// One Docker Content Trust repository ready to sign into, without a `dotnet publish`: the rig's base image
/// copied by skopeo under the given tags, the GUN initialised by the notary CLI (delegations targets/releases
/// and targets/signpath for the rig's delegation certificate), and a LocalSigner holding that delegation key
/// with the GUN's root registered.
/// </summary>
internal sealed class NotarySigningSetup : IAsyncDisposable
{
    private readonly PublishRig rig;
    private readonly NotaryRig notary;

    private NotarySigningSetup(PublishRig rig, NotaryRig notary, string repository, LocalSignerProcess signer, string trustDirectory)
    {
        this.rig = rig;
        this.notary = notary;
        Repository = repository;
        Signer = signer;
        CliTrustDirectory = trustDirectory;
    }

    public string Repository { get; }

    public string Gun => $"{rig.Anonymous}/{Repository}";

    public LocalSignerProcess Signer { get; }

    /// <summary>The notary CLI's trust directory (root and targets keys of the repository).</summary>
    public string CliTrustDirectory { get; }

    public static async Task<NotarySigningSetup> CreateAsync(PublishRig rig, NotaryRig notary, string repository, params string[] tags)
    {
        foreach (var tag in tags)
        {
            await ExternalProcess.RunCheckedAsync("skopeo", [
                "copy", "--all", "--src-tls-verify=false", "--dest-tls-verify=false",
                $"docker://{rig.Anonymous}/base:latest", $"docker://{rig.Anonymous}/{repository}:{tag}"]);
        }

        var signer = await LocalSignerProcess.StartAsync("--notary-delegation-key", notary.DelegationKeyFile, "--notary-roots", Directory.CreateTempSubdirectory("spd-roots-").FullName);
        try
        {
            var gun = $"{rig.Anonymous}/{repository}";
            var trustDirectory = await notary.InitRepositoryAsync(gun);
            await NotaryPublishScenario.RegisterRootAsync(notary, signer, gun);
            return new NotarySigningSetup(rig, notary, repository, signer, trustDirectory);
        }
        catch
        {
            await signer.DisposeAsync();
            throw;
        }
    }

    /// <summary>SignPath and Notary properties for a build that signs with notary through this setup's signer.</summary>
    public IEnumerable<string> SigningProperties(string projectDirectory) =>
    [
        "-p:ContainerSignatureFormats=notary",
        $"-p:NotaryUrl={notary.ServerUrl.AbsoluteUri.TrimEnd('/')}",
        $"-p:NotaryTrustDirectory={Path.Combine(projectDirectory, "tofu")}",
        $"-p:SignPathApiUrl={Signer.ApiUrl}",
        $"-p:SignPathOrganizationId={Signer.OrganizationId}",
        $"-p:SignPathProjectSlug={Signer.ProjectSlug}",
        $"-p:SignPathSigningPolicySlug={Signer.SigningPolicySlug}",
        "-p:SignPathNotaryArtifactConfigurationSlug=notary",
    ];

    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { ["SIGNPATH_API_TOKEN"] = Signer.ApiToken };

    /// <summary>`notary list` of one role, by the real CLI.</summary>
    public Task<string> ListAsync(string role) => notary.NotaryCliAsync(CliTrustDirectory, "list", Gun, "-r", role);

    /// <summary>Both roles' listings and the current metadata files of the repository as the server serves them.</summary>
    public async Task<string> SnapshotAsync()
    {
        using var http = notary.CreateHttpClient();
        var state = new System.Text.StringBuilder();
        foreach (var role in new[] { "targets/releases", "targets/signpath" })
        {
            state.Append(await ListAsync(role)).Append('\n');
        }

        foreach (var file in new[] { "root", "targets", "snapshot", "timestamp", "targets/releases", "targets/signpath" })
        {
            using var response = await http.GetAsync(new Uri(notary.ServerUrl, $"v2/{Gun}/_trust/tuf/{file}.json"));
            var body = response.IsSuccessStatusCode ? Convert.ToHexStringLower(SHA256.HashData(await response.Content.ReadAsByteArrayAsync())) : $"HTTP {(int)response.StatusCode}";
            state.Append(file).Append(": ").Append(body).Append('\n');
        }

        return state.ToString();
    }

    /// <summary>The manifest a tag points to: sha256 hex and length, as `notary list` must show them.</summary>
    public async Task<(string Sha256, long Length)> ManifestAsync(string tag)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{rig.Anonymous}/v2/{Repository}/manifests/{tag}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.index.v1+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.list.v2+json"));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length);
    }

    /// <summary>Asserts that `notary list` of both roles shows exactly <paramref name="tags"/>, each with the manifest's sha256 and size.</summary>
    public async Task AssertListedAsync(params string[] tags)
    {
        foreach (var role in new[] { "targets/releases", "targets/signpath" })
        {
            var lines = (await ListAsync(role)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var tag in tags)
            {
                var (sha256, length) = await ManifestAsync(tag);
                Assert.Contains(lines, line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var name, var digest, var size, var listedRole]
                    && name == tag && digest == sha256 && size == length.ToString(System.Globalization.CultureInfo.InvariantCulture) && listedRole == role);
            }

            Assert.Equal(tags.Length, lines.Count(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 4 && line.EndsWith(role, StringComparison.Ordinal)));
        }
    }

    public ValueTask DisposeAsync() => Signer.DisposeAsync();
}
