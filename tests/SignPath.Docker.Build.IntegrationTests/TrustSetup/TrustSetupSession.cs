using System.Text.Json;
using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.IntegrationTests.Pkcs11;
using SignPath.Docker.Build.IntegrationTests.Publish;
using SignPath.Docker.Build.IntegrationTests.SignPath;

namespace SignPath.Docker.Build.IntegrationTests.TrustSetup;

/// <summary>
/// One Docker Content Trust setup as a user runs it: a SoftHSM2 token of its own (SOFTHSM2_CONF passed only
/// to child processes, so the in-process SoftHSM tests keep theirs), a local signing service with a notary
/// delegation key, and a user project whose `dotnet msbuild -t:…` runs the setup targets with properties alone.
/// </summary>
internal sealed class TrustSetupSession : IAsyncDisposable
{
    public const string TokenLabel = "spd-dct-setup";
    public const string Pin = "dct-pin-W3v8Lq";

    private TrustSetupSession(PublishRig rig, NotaryRig notary, LocalSignerProcess signer, string directory, string softHsmConf, string repository)
    {
        Rig = rig;
        Notary = notary;
        Signer = signer;
        Directory = directory;
        SoftHsmConf = softHsmConf;
        Repository = repository;
        Project = new UserProject(rig);
    }

    public PublishRig Rig { get; }

    public NotaryRig Notary { get; }

    public LocalSignerProcess Signer { get; }

    public UserProject Project { get; }

    public string Directory { get; }

    public string SoftHsmConf { get; }

    public string Repository { get; }

    public string Gun => $"{Rig.Anonymous}/{Repository}";

    /// <summary>The certificate the local signing service signs delegations with (created by it at start).</summary>
    public string DelegationCertificateFile => Path.Combine(Directory, "signpath.crt");

    public string RootCertificateFile => Path.Combine(Project.Directory, "root.crt");

    public static async Task<TrustSetupSession> StartAsync(PublishRig rig, NotaryRig notary, string repository)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("spd-dct-setup-").FullName;
        var conf = SoftHsmFixture.Run(
            Path.Combine(LocalSignerProcess.RepositoryRoot, "scripts", "rig", "softhsm.sh"),
            ["init", Path.Combine(directory, "softhsm"), TokenLabel, Pin, "so-" + Pin]).Trim();
        var roots = System.IO.Directory.CreateDirectory(Path.Combine(directory, "roots")).FullName;
        var signer = await LocalSignerProcess.StartAsync("--notary-delegation-key", Path.Combine(directory, "signpath.key"), "--notary-roots", roots);
        return new TrustSetupSession(rig, notary, signer, directory, conf, repository);
    }

    public IReadOnlyList<string> SetupProperties(string? tokenLabel = null, string? module = null) =>
    [
        $"-p:NotaryUrl={Notary.ServerUrl.AbsoluteUri.TrimEnd('/')}",
        $"-p:ContainerRegistry={Rig.Anonymous}",
        $"-p:ContainerRepository={Repository}",
        $"-p:Pkcs11Library={module ?? SoftHsmFixture.ModulePath}",
        $"-p:Pkcs11TokenLabel={tokenLabel ?? TokenLabel}",
        $"-p:NotaryRootCertificateFile={RootCertificateFile}",
    ];

    /// <summary>`dotnet msbuild -restore -t:<target>` in the user project, with the PIN in PKCS11_PIN.</summary>
    public async Task<DotnetResult> RunTargetAsync(string target, IEnumerable<string> properties, string pin = Pin)
    {
        var result = await Project.RunAsync(
            ["msbuild", Project.ProjectPath, "-restore", $"-t:{target}", "-nologo", "-tl:off", .. properties],
            new Dictionary<string, string?>
            {
                ["PKCS11_PIN"] = pin,
                ["SOFTHSM2_CONF"] = SoftHsmConf,
                ["SIGNPATH_API_TOKEN"] = Signer.ApiToken,
                ["SSL_CERT_FILE"] = await CaBundleAsync(),
            });
        Assert.DoesNotContain(pin, result.Output, StringComparison.Ordinal);
        return result;
    }

    /// <summary>`dotnet publish` of 1.0 and latest signed for Docker Content Trust by the local signing service.</summary>
    public async Task<DotnetResult> PublishSignedAsync(string tags = "1.0;latest") =>
        await Project.PublishAsync(
            [
                .. UserProject.ContainerProperties(Rig.Anonymous, Repository, tags),
                "-p:SignContainer=true",
                "-p:ContainerSignatureFormats=notary",
                $"-p:NotaryUrl={Notary.ServerUrl.AbsoluteUri.TrimEnd('/')}",
                $"-p:NotaryRootCertificate={RootCertificateFile}",
                $"-p:NotaryTrustDirectory={Path.Combine(Project.Directory, "tofu")}",
                $"-p:SignPathApiUrl={Signer.ApiUrl}",
                $"-p:SignPathOrganizationId={Signer.OrganizationId}",
                $"-p:SignPathProjectSlug={Signer.ProjectSlug}",
                $"-p:SignPathSigningPolicySlug={Signer.SigningPolicySlug}",
                "-p:SignPathNotaryArtifactConfigurationSlug=notary",
            ],
            new Dictionary<string, string?> { ["SIGNPATH_API_TOKEN"] = Signer.ApiToken, ["SSL_CERT_FILE"] = await CaBundleAsync() });

    /// <summary>The server's root.json (raw), or null when the repository has no trust data.</summary>
    public async Task<byte[]?> RootJsonAsync()
    {
        using var http = Notary.CreateHttpClient();
        using var response = await http.GetAsync(new Uri(Notary.ServerUrl, $"v2/{Gun}/_trust/tuf/root.json"));
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? null : await response.Content.ReadAsByteArrayAsync();
    }

    public static (int Version, string TargetsKeyId, string RootKeyId) Describe(byte[] rootJson)
    {
        using var document = JsonDocument.Parse(rootJson);
        var signed = document.RootElement.GetProperty("signed");
        var roles = signed.GetProperty("roles");
        return (signed.GetProperty("version").GetInt32(),
            roles.GetProperty("targets").GetProperty("keyids")[0].GetString()!,
            roles.GetProperty("root").GetProperty("keyids")[0].GetString()!);
    }

    /// <summary>`notary list` with a trust directory of its own (trust on first use), as a user who never saw the repository.</summary>
    public Task<string> NotaryListAsync(string role) =>
        Notary.NotaryCliAsync(System.IO.Directory.CreateTempSubdirectory("spd-notary-cli-").FullName, "list", Gun, "-r", role);

    public List<Pkcs11ToolObject> TokenObjects() =>
        Pkcs11ToolObject.Parse(SoftHsmFixture.Run(
            "pkcs11-tool",
            ["--module", SoftHsmFixture.ModulePath, "--token-label", TokenLabel, "--login", "--pin", Pin, "--list-objects"],
            SoftHsmConf));

    private async Task<string?> CaBundleAsync()
    {
        var current = Environment.GetEnvironmentVariable("SSL_CERT_FILE");
        if (Notary.CaFile is null)
        {
            return current;
        }

        var bundle = Path.Combine(Directory, "ca-bundle.crt");
        if (!File.Exists(bundle))
        {
            var system = current is { Length: > 0 } && File.Exists(current) ? current : "/etc/ssl/certs/ca-certificates.crt";
            await File.WriteAllTextAsync(bundle, (File.Exists(system) ? await File.ReadAllTextAsync(system) : string.Empty) + "\n" + await File.ReadAllTextAsync(Notary.CaFile));
        }

        return bundle;
    }

    public async ValueTask DisposeAsync()
    {
        Project.Dispose();
        await Signer.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; a failing dispose would hide the test results.
        }
    }
}
