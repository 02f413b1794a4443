using SignPath.Docker.Build.IntegrationTests.Publish;
using SignPath.Docker.Build.SignPath.Origin;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Origin;

/// <summary>
/// `dotnet publish -p:SignContainer=true` against the local signing service: the origin and parameters it received,
/// from a git checkout the test creates, from CI variables and from the SignPathOrigin* properties.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class OriginPublishTests(PublishRig rig, ITestOutputHelper output)
{
    private const string RemoteToken = "glpat-remote-s3cret";

    [Fact]
    public async Task A_git_checkout_sends_its_repository_branch_and_commit_and_the_parameters()
    {
        using var project = new UserProject(rig, extraElements: """
              <ItemGroup>
                <SignPathParameter Include="channel" Value="stable" />
                <SignPathParameter Include="tag" Value="1.0" />
              </ItemGroup>

            """);
        var commit = await GitCheckout.CreateAsync(project.Directory, "release/2.0", $"https://ci-bot:{RemoteToken}@git.example.com/contoso/app.git");

        var (result, received) = await PublishAsync(project, "origin/git", CiSamples.Isolated());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ReleaseCheckoutOrigin(commit),
            ReceivedOrigin.Of(received));
        Assert.Equal("stable", received.GetProperty("parameters").GetProperty("channel").GetString());
        Assert.Equal("1.0", received.GetProperty("parameters").GetProperty("tag").GetString());
        Assert.Contains($"SignPath origin: RepositoryData.SourceControlManagementType=git, RepositoryData.Url=https://git.example.com/contoso/app.git, RepositoryData.BranchName=release/2.0, RepositoryData.CommitId={commit}.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(RemoteToken, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_before_push_sends_the_same_origin_and_parameters_and_writes_cosign_pub()
    {
        using var project = new UserProject(rig, extraElements: """
              <ItemGroup>
                <SignPathParameter Include="channel" Value="stable" />
              </ItemGroup>

            """);
        var commit = await GitCheckout.CreateAsync(project.Directory, "release/2.0", "https://git.example.com/contoso/app.git");
        await rig.Signer.ClearRequestsAsync();

        var result = await project.PublishAsync(
            [.. UserProject.ContainerProperties(rig.Anonymous, "origin/before-push"), .. BeforePushSigning.Properties(rig.Signer)],
            CiSamples.Isolated());
        output.WriteLine(result.ToString());

        Assert.Equal(0, result.ExitCode);
        var received = Assert.Single(await rig.Signer.GetRequestsAsync());
        Assert.Equal(BeforePushSigning.ArtifactConfigurationSlug, received.GetProperty("artifactConfigurationSlug").GetString());
        Assert.Equal(
            ReleaseCheckoutOrigin(commit),
            ReceivedOrigin.Of(received));
        Assert.Equal("stable", received.GetProperty("parameters").GetProperty("channel").GetString());
        Assert.Equal("1.0", received.GetProperty("parameters").GetProperty("tag").GetString());
        var keyFile = Assert.Single(Directory.GetFiles(Path.Combine(project.Directory, "obj"), "cosign.pub", SearchOption.AllDirectories));
        Assert.Equal(PublicKeyInfo(rig.Signer.CosignPublicKeyPath), PublicKeyInfo(keyFile));
    }

    // GitHub Actions, Azure Pipelines and GitLab CI run through the CI files in samples/ci (CiSamplePublishTests).
    [Theory]
    [InlineData("jenkins")]
    [InlineData("teamcity")]
    public async Task A_CI_build_sends_what_its_variables_say(string ci)
    {
        using var project = new UserProject(rig);
        var (variables, expected) = CiSamples.All[ci];

        var (result, received) = await PublishAsync(project, "origin/" + ci, CiSamples.Isolated(variables));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, ReceivedOrigin.Of(received));
    }

    [Fact]
    public async Task Properties_override_the_CI_variables_and_the_checkout_field_by_field()
    {
        using var project = new UserProject(rig);
        await GitCheckout.CreateAsync(project.Directory, "main", "https://git.example.com/contoso/app.git");
        var (variables, ci) = CiSamples.All["github"];

        var (result, received) = await PublishAsync(
            project,
            "origin/override",
            CiSamples.Isolated(variables),
            "-p:SignPathOriginBranchName=hotfix/7",
            "-p:SignPathOriginCommitId=0123456789abcdef0123456789abcdef01234567",
            "-p:SignPathOriginBuildUrl=https://ci.example.com/builds/7");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ci with { BranchName = "hotfix/7", CommitId = "0123456789abcdef0123456789abcdef01234567", BuildUrl = "https://ci.example.com/builds/7" },
            ReceivedOrigin.Of(received));
    }

    [Fact]
    public async Task Credentials_in_a_repository_url_are_neither_sent_nor_logged()
    {
        const string Token = "jenkins-api-t0ken-4711";
        using var project = new UserProject(rig);
        var (variables, expected) = CiSamples.All["jenkins"];
        var withCredentials = new Dictionary<string, string?>(variables)
        {
            ["GIT_URL"] = $"https://jenkins-bot:{Token}@git.example.com/contoso/hello-container.git",
        };

        var (result, received) = await PublishAsync(project, "origin/credentials", CiSamples.Isolated(withCredentials), "-v:detailed");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, ReceivedOrigin.Of(received));
        Assert.Contains("warning SPD1015", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, received.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, rig.Signer.ReadLog(), StringComparison.Ordinal);
    }

    private async Task<(DotnetResult Result, System.Text.Json.JsonElement Received)> PublishAsync(
        UserProject project, string repository, Dictionary<string, string?> environment, params string[] extra)
    {
        await rig.Signer.ClearRequestsAsync();
        var result = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Anonymous, repository), .. project.SigningProperties(), .. extra], environment);
        output.WriteLine(result.ToString());
        var requests = await rig.Signer.GetRequestsAsync();
        return (result, result.ExitCode == 0 ? Assert.Single(requests) : default);
    }

    private static string PublicKeyInfo(string pemFile)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(pemFile));
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>What a checkout made by <see cref="GitCheckout"/> on release/2.0 of git.example.com/contoso/app sends.</summary>
    private static SigningRequestOrigin ReleaseCheckoutOrigin(string commit) => new()
    {
        SourceControlManagementType = "git",
        RepositoryUrl = "https://git.example.com/contoso/app.git",
        BranchName = "release/2.0",
        CommitId = commit,
    };
}
