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
    public async Task Publish_signs_the_tags_into_the_delegation_roles_and_the_notary_cli_lists_them()
    {
        var roots = Directory.CreateTempSubdirectory("spd-roots-").FullName;
        await using var signer = await LocalSignerProcess.StartAsync("--notary-delegation-key", notary.DelegationKeyFile, "--notary-roots", roots);
        const string repository = "e2e/dct";
        var gun = $"{rig.Anonymous}/{repository}";
        var trustDirectory = await notary.InitRepositoryAsync(gun);
        await RegisterRootAsync(signer, gun);
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
            ],
            new Dictionary<string, string?> { ["SIGNPATH_API_TOKEN"] = signer.ApiToken });
        output.WriteLine(published.ToString());
        Assert.True(published.ExitCode == 0, published.ToString());

        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var digest = (await registry.DigestOfAsync(repository, "1.0"))!["sha256:".Length..];
        foreach (var role in new[] { "targets/releases", "targets/signpath" })
        {
            var listed = await notary.NotaryCliAsync(trustDirectory, "list", gun, "-r", role);
            output.WriteLine(listed);
            var lines = listed.Split('\n');
            Assert.Contains(lines, l => l.StartsWith("1.0 ", StringComparison.Ordinal) && l.Contains(digest, StringComparison.Ordinal) && l.Contains(role, StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("latest ", StringComparison.Ordinal) && l.Contains(digest, StringComparison.Ordinal));
        }
    }

    private async Task RegisterRootAsync(LocalSignerProcess signer, string gun)
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
