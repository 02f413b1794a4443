using System.Text;
using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.IntegrationTests.Publish;
using Xunit;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Secrets;

/// <summary>
/// Real `dotnet publish` runs at -v:diag with a binary log, every secret passed the recommended way:
/// none may show up in the console output nor in the .binlog.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class SecretLeakTests(PublishRig rig, HttpNotaryRig notary, ITestOutputHelper output) : IClassFixture<HttpNotaryRig>
{
    /// <summary>MSBuild itself lists every DOTNET_* environment variable at -v:diag and in binary logs.</summary>
    private const string MSBuildListedVariable = "DOTNET_CONTAINER_REGISTRY_PWORD";

    [Fact]
    public async Task Cosign_publish_with_docker_config_credentials_leaks_no_secret_at_diag_verbosity_nor_in_the_binlog()
    {
        using var project = new UserProject(rig);
        var dockerConfig = Path.Combine(project.Directory, "docker-config");
        Directory.CreateDirectory(dockerConfig);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Registry.RegistryRig.User}:{rig.Registries.Password}"));
        await File.WriteAllTextAsync(Path.Combine(dockerConfig, "config.json"), System.Text.Json.JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [rig.Authenticated] = new { auth } } }));

        var (result, leaks) = await PublishCosignAsync(project, new Dictionary<string, string?> { ["DOCKER_CONFIG"] = dockerConfig });

        Assert.True(result.ExitCode == 0, Tail(result));
        Assert.Empty(leaks);
    }

    [Fact]
    public async Task Cosign_publish_with_the_sdk_credential_variables_leaks_the_password_only_where_msbuild_lists_the_environment()
    {
        using var project = new UserProject(rig);
        var (result, leaks) = await PublishCosignAsync(project, new Dictionary<string, string?>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = Registry.RegistryRig.User,
            [MSBuildListedVariable] = rig.Registries.Password,
        });

        Assert.True(result.ExitCode == 0, Tail(result));
        Assert.All(leaks, leak => Assert.EndsWith(MSBuildListedVariable, leak.Before.TrimEnd(' ', '=', '"'), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dct_publish_leaks_no_secret_at_diag_verbosity_nor_in_the_binlog()
    {
        var notaryPassword = "notary-" + Guid.NewGuid().ToString("N");
        var binlog = Path.Combine(Path.GetTempPath(), $"spd-dct-{Guid.NewGuid():N}.binlog");
        try
        {
            var (_, _, published) = await NotaryPublishScenario.PublishAsync(
                rig,
                notary,
                "e2e/dct-secrets",
                fault: null,
                ["-v:diag", $"-bl:{binlog}"],
                new Dictionary<string, string?> { ["NOTARY_AUTH"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"signer:{notaryPassword}")) });

            Assert.True(published.ExitCode == 0, Tail(published));
            Assert.Empty(Scan(published.Output, binlog, new Dictionary<string, (string?, string)> { ["Notary password"] = ("signer", notaryPassword) }));
        }
        finally
        {
            File.Delete(binlog);
        }
    }

    private async Task<(DotnetResult Result, IReadOnlyList<(string Description, string Before)> Leaks)> PublishCosignAsync(UserProject project, Dictionary<string, string?> environment)
    {
        var binlog = Path.Combine(project.Directory, "cosign.binlog");
        var published = await project.PublishAsync(
            [.. UserProject.ContainerProperties(rig.Authenticated, "e2e/secrets"), .. project.SigningProperties(), "-v:diag", $"-bl:{binlog}"], environment);
        var leaks = published.ExitCode == 0
            ? Scan(published.Output, binlog, new Dictionary<string, (string?, string)>
            {
                ["SignPath API token"] = (null, rig.Signer.ApiToken),
                ["registry password"] = (Registry.RegistryRig.User, rig.Registries.Password),
            })
            : [];
        return (published, leaks);
    }

    private List<(string Description, string Before)> Scan(string consoleOutput, string binlog, Dictionary<string, (string? User, string Secret)> secrets)
    {
        Assert.True(File.Exists(binlog), "no binary log was written");
        var leaks = SecretLeakScanner.Find("console output (-v:diag)", Encoding.UTF8.GetBytes(consoleOutput), secrets)
            .Concat(SecretLeakScanner.Find("binary log", SecretLeakScanner.ReadBinaryLog(binlog), secrets))
            .ToList();
        output.WriteLine(
            $"secret scan: {string.Join(", ", secrets.Keys)} × {(secrets.Values.Any(s => s.User is not null) ? 4 : 3)} forms in {consoleOutput.Length} chars of -v:diag output and {new FileInfo(binlog).Length} bytes of binlog: " +
            (leaks.Count == 0 ? "none found" : string.Join("; ", leaks.Select(l => $"{l.Description} after \"{l.Before}\""))));
        return leaks;
    }

    private static string Tail(DotnetResult result) => result.ToString()[^Math.Min(4000, result.ToString().Length)..];
}
