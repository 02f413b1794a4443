using SignPath.Docker.Build.IntegrationTests.Publish;
using SignPath.Docker.Build.IntegrationTests.Registry;
using SignPath.Docker.Build.IntegrationTests.Rig;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Origin;

/// <summary>
/// Each CI file in samples/ci: its publish command line, run by bash as the CI would, against the local rig with that
/// CI's predefined variables set to sample values and the secrets in the environment as the file maps them.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class CiSamplePublishTests(PublishRig rig, ITestOutputHelper output)
{
    [Theory]
    [InlineData("github-actions.yml", "github")]
    [InlineData("azure-pipelines.yml", "azure")]
    [InlineData("gitlab-ci.yml", "gitlab")]
    public async Task The_CI_files_publish_command_signs_the_sample_with_that_CIs_origin(string file, string ci)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(RigScript.RepositoryRoot, "samples", "ci", file));
        var command = PublishCommand(text);
        output.WriteLine(command);
        foreach (var secret in new[] { "SIGNPATH_API_TOKEN", "SignPathApiToken", "PWORD", "PASSWORD", "secrets." })
        {
            Assert.DoesNotContain(secret, command, StringComparison.OrdinalIgnoreCase);
        }

        var workspace = Workspace();
        var (variables, expected) = CiSamples.All[ci];
        var environment = CiSamples.Isolated(variables);
        foreach (var (name, value) in new Dictionary<string, string?>
        {
            // What the file takes from the CI's variables and secret store.
            ["CONTAINER_REGISTRY"] = rig.Authenticated,
            ["SIGNPATH_API_URL"] = rig.Signer.ApiUrl.AbsoluteUri,
            ["SIGNPATH_ORGANIZATION_ID"] = rig.Signer.OrganizationId,
            ["SIGNPATH_API_TOKEN"] = rig.Signer.ApiToken,
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = RegistryRig.User,
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = rig.Registries.Password,
            // What the file's pack step sets, and the rig's base image instead of MCR's (both read as MSBuild properties).
            ["SignPathDockerBuildVersion"] = rig.PackageVersion,
            ["ContainerBaseImage"] = $"{rig.Authenticated}/base:latest",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        })
        {
            environment[name] = value;
        }

        await rig.Signer.ClearRequestsAsync();
        try
        {
            var result = await ExternalProcess.RunAsync("bash", ["-euo", "pipefail", "-c", command], environment, workspace, TimeSpan.FromMinutes(5));
            output.WriteLine(result.Output);

            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain(rig.Signer.ApiToken, result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(rig.Registries.Password, result.Output, StringComparison.Ordinal);
            var received = Assert.Single(await rig.Signer.GetRequestsAsync());
            Assert.Equal(expected, ReceivedOrigin.Of(received));
            using var registry = new IndependentRegistryReader(rig.Authenticated, RegistryRig.User, rig.Registries.Password);
            var digest = await registry.DigestOfAsync("samples/hello-container", "1.0");
            Assert.NotNull(digest);
            Assert.Contains("signature(s)", await registry.VerifyCosignAsync("samples/hello-container", digest, rig.Signer.CosignPublicKeyPath), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }

    /// <summary>The `dotnet publish` line of a CI file with its continuation lines, as bash would read it.</summary>
    internal static string PublishCommand(string ciFile)
    {
        var lines = ciFile.Split('\n');
        var start = Array.FindIndex(lines, line => line.TrimStart().StartsWith("dotnet publish ", StringComparison.Ordinal));
        Assert.True(start >= 0, "The CI file has no dotnet publish command.");
        var command = new List<string>();
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var continues = line.EndsWith('\\');
            command.Add(continues ? line[..^1].TrimEnd() : line);
            if (!continues)
            {
                break;
            }
        }

        return string.Join(' ', command);
    }

    /// <summary>A checkout as the CI has it: samples/ as in the repository, artifacts/packages holding the rig's package.</summary>
    private string Workspace()
    {
        var workspace = Directory.CreateTempSubdirectory("spd-ci-").FullName;
        var samples = Path.Combine(RigScript.RepositoryRoot, "samples");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "NuGet.config", "HelloContainer/HelloContainer.csproj", "HelloContainer/Program.cs" })
        {
            var target = Path.Combine(workspace, "samples", file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(samples, file), target);
        }

        Directory.CreateDirectory(Path.Combine(workspace, "artifacts"));
        Directory.CreateSymbolicLink(Path.Combine(workspace, "artifacts", "packages"), rig.PackageSource);
        return workspace;
    }
}
