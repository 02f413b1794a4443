using System.Net.Http.Json;
using System.Text.Json;
using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// `dotnet publish -p:SignContainer=true -p:ContainerSignatureFormats=notary` against a real notary-server whose
/// repository the notary CLI initialised; the notary CLI's `list` is the verifier.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class NotaryPublishSigningTests(PublishRig rig, HttpNotaryRig notary, ITestOutputHelper output) : IClassFixture<HttpNotaryRig>
{
    [Fact]
    public Task Publish_signs_the_tags_into_the_delegation_roles_and_the_notary_cli_lists_them() =>
        NotaryPublishScenario.RunAsync(rig, notary, output, "e2e/dct");

    [Fact]
    public async Task Tampered_signed_data_from_the_signing_service_is_refused_and_nothing_is_published()
    {
        var (gun, trustDirectory, result) = await NotaryPublishScenario.PublishAsync(rig, notary, "e2e/dct-tampered", new { kind = "bad-signature", count = 1 });
        output.WriteLine(result.ToString());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Matches("error SPD50(04|10)", result.Output);
        Assert.Contains("No targets present", await notary.NotaryCliAsync(trustDirectory, "list", gun, "-r", "targets/releases"), StringComparison.Ordinal);
    }
}

/// <summary>The same over https, with docker's own DCT code (`docker trust inspect`) as a second verifier.</summary>
[Collection(PublishRigDefinition.Name)]
public sealed class NotaryHttpsPublishSigningTests(PublishRig rig, HttpsNotaryRig notary, ITestOutputHelper output) : IClassFixture<HttpsNotaryRig>
{
    [Fact]
    public async Task Publish_over_https_is_accepted_by_docker_trust_inspect_as_signed_by_signpath()
    {
        var (gun, digest) = await NotaryPublishScenario.RunAsync(rig, notary, output, "e2e/dct-https");

        var inspected = await DockerTrust.InspectAsync(notary, gun, Directory.CreateTempSubdirectory("spd-docker-").FullName);
        output.WriteLine(inspected);
        DockerTrust.AssertSignedBySignpath(inspected, digest);
    }
}

internal static class NotaryPublishScenario
{
    /// <summary>Publishes 1.0 and latest with notary signing; checks `notary list` for both roles; returns the GUN and manifest hex digest.</summary>
    public static async Task<(string Gun, string Digest)> RunAsync(PublishRig rig, NotaryRig notary, ITestOutputHelper output, string repository)
    {
        var (gun, trustDirectory, published) = await PublishAsync(rig, notary, repository, fault: null);
        output.WriteLine(published.ToString());
        Assert.True(published.ExitCode == 0, published.ToString());

        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var digest = (await registry.DigestOfAsync(repository, "1.0"))!["sha256:".Length..];
        await AssertListedInBothRolesAsync(role => notary.NotaryCliAsync(trustDirectory, "list", gun, "-r", role), digest, output);

        return (gun, digest);
    }

    /// <summary>Both delegation roles list 1.0 (naming the role) and latest with the manifest's hex digest.</summary>
    /// <param name="listRole">Runs `notary list -r` for the given role and returns its output.</param>
    public static async Task AssertListedInBothRolesAsync(Func<string, Task<string>> listRole, string digest, ITestOutputHelper output)
    {
        foreach (var role in new[] { "targets/releases", "targets/signpath" })
        {
            var listed = await listRole(role);
            output.WriteLine(listed);
            var lines = listed.Split('\n');
            Assert.Contains(lines, l => l.StartsWith("1.0 ", StringComparison.Ordinal) && l.Contains(digest, StringComparison.Ordinal) && l.Contains(role, StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("latest ", StringComparison.Ordinal) && l.Contains(digest, StringComparison.Ordinal));
        }
    }

    /// <summary>Initialises the repository with the notary CLI, registers its root with a fresh signer and publishes 1.0 and latest with notary signing.</summary>
    public static async Task<(string Gun, string TrustDirectory, DotnetResult Result)> PublishAsync(
        PublishRig rig, NotaryRig notary, string repository, object? fault, IEnumerable<string>? extraArguments = null, IReadOnlyDictionary<string, string?>? extraEnvironment = null)
    {
        var roots = Directory.CreateTempSubdirectory("spd-roots-").FullName;
        await using var signer = await LocalSignerProcess.StartAsync("--notary-delegation-key", notary.DelegationKeyFile, "--notary-roots", roots);
        var gun = $"{rig.Anonymous}/{repository}";
        var trustDirectory = await notary.InitRepositoryAsync(gun);
        await RegisterRootAsync(notary, signer, gun);
        if (fault is not null)
        {
            await signer.InjectFaultAsync(fault);
        }

        using var project = new UserProject(rig);

        var published = await project.PublishAsync(
            [
                .. UserProject.ContainerProperties(rig.Anonymous, repository),
                "-p:SignContainer=true",
                "-p:ContainerSignatureFormats=notary",
                $"-p:NotaryUrl={notary.ServerUrl.AbsoluteUri.TrimEnd('/')}",
                $"-p:NotaryTrustDirectory={Path.Combine(project.Directory, "tofu")}",
                $"-p:SignPathApiUrl={signer.ApiUrl}",
                $"-p:SignPathOrganizationId={signer.OrganizationId}",
                $"-p:SignPathProjectSlug={signer.ProjectSlug}",
                $"-p:SignPathSigningPolicySlug={signer.SigningPolicySlug}",
                "-p:SignPathNotaryArtifactConfigurationSlug=notary",
                .. extraArguments ?? [],
            ],
            new Dictionary<string, string?>(extraEnvironment ?? new Dictionary<string, string?>())
            {
                ["SIGNPATH_API_TOKEN"] = signer.ApiToken,
                ["SSL_CERT_FILE"] = await BundleWithAsync(notary, project.Directory),
            });
        return (gun, trustDirectory, published);
    }

    /// <summary>The publish process must trust the https Notary server's CA; OpenSSL reads SSL_CERT_FILE at its start.</summary>
    private static async Task<string?> BundleWithAsync(NotaryRig notary, string directory)
    {
        var current = Environment.GetEnvironmentVariable("SSL_CERT_FILE");
        if (notary.CaFile is null)
        {
            return current;
        }

        var bundle = Path.Combine(directory, "ca-bundle.crt");
        var system = current is { Length: > 0 } && File.Exists(current) ? current : "/etc/ssl/certs/ca-certificates.crt";
        await File.WriteAllTextAsync(bundle, (File.Exists(system) ? await File.ReadAllTextAsync(system) : string.Empty) + "\n" + await File.ReadAllTextAsync(notary.CaFile));
        return bundle;
    }

    internal static async Task RegisterRootAsync(NotaryRig notary, LocalSignerProcess signer, string gun)
    {
        using var http = notary.CreateHttpClient();
        using var root = JsonDocument.Parse(await http.GetByteArrayAsync(new Uri(notary.ServerUrl, $"v2/{gun}/_trust/tuf/root.json")));
        var signed = root.RootElement.GetProperty("signed");
        var rootKeyId = signed.GetProperty("roles").GetProperty("root").GetProperty("keyids")[0].GetString()!;
        var pem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(signed.GetProperty("keys").GetProperty(rootKeyId).GetProperty("keyval").GetProperty("public").GetString()!));
        using var admin = new HttpClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", signer.ApiToken);
        using var response = await admin.PostAsJsonAsync(new Uri(signer.BaseUrl, "_localsigner/notary/roots"), new { gun, certificatePem = pem });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
