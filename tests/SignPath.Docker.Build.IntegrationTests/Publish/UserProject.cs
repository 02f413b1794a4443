using System.Diagnostics;
using System.Text;

using SignPath.Docker.Build.IntegrationTests.Rig;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using SignPath.Docker.Build.TestSupport;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// A console app in a temp directory that references SignPath.Docker.Build from the local feed, as a
/// user's project would, and runs real `dotnet` commands against it.
/// </summary>
internal sealed class UserProject : IDisposable
{
    private readonly PublishRig rig;

    /// <param name="extraElements">More project elements, e.g. an ItemGroup of SignPathParameter items.</param>
    public UserProject(PublishRig rig, string name = "app", string extraElements = "")
    {
        this.rig = rig;
        Directory = System.IO.Directory.CreateTempSubdirectory("spd-project-").FullName;
        ProjectPath = Path.Combine(Directory, name + ".csproj");
        ConsumerProjectFiles.Write(Directory, ProjectPath, rig.PackageVersion, rig.PackageSource, extraElements: extraElements);
    }

    public string Directory { get; }

    public string ProjectPath { get; }

    /// <summary>The properties every signing run needs, pointing at the local signing service.</summary>
    public IEnumerable<string> SigningProperties() => SigningProperties(rig.Signer);

    /// <summary>The properties every signing run needs, pointing at the given signing service; progress every second.</summary>
    public static IEnumerable<string> SigningProperties(LocalSignerProcess signer) =>
        [.. SignPathProperties(signer), "-p:SignPathProgressInterval=1"];

    /// <summary>SignContainer and the signing service's coordinates, with SignPath's default progress (and poll) cadence.</summary>
    public static IEnumerable<string> SignPathProperties(LocalSignerProcess signer) =>
    [
        "-p:SignContainer=true",
        $"-p:SignPathApiUrl={signer.ApiUrl}",
        $"-p:SignPathOrganizationId={signer.OrganizationId}",
        $"-p:SignPathProjectSlug={signer.ProjectSlug}",
        $"-p:SignPathSigningPolicySlug={signer.SigningPolicySlug}",
        $"-p:SignPathCosignArtifactConfigurationSlug={signer.CosignArtifactConfigurationSlug}",
    ];

    public static IEnumerable<string> ContainerProperties(string registry, string repository, string tags = "1.0;latest") =>
    [
        "-p:RuntimeIdentifier=linux-x64",
        $"-p:ContainerBaseImage={registry}/base:latest",
        $"-p:ContainerRegistry={registry}",
        $"-p:ContainerRepository={repository}",
        $"-p:ContainerImageTags=\"{tags}\"",
    ];

    public Task<DotnetResult> PublishAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        RunAsync(["publish", ProjectPath, "-c", "Release", "-t:PublishContainer", "-nologo", "-tl:off", .. arguments], environment);

    public Task<DotnetResult> SignAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        RunAsync(["msbuild", ProjectPath, "-restore", "-t:SignContainerImage", "-nologo", "-tl:off", .. arguments], environment);

    public async Task<DotnetResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>
        {
            ["SIGNPATH_API_TOKEN"] = rig.Signer.ApiToken,
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        var result = await ExternalProcess.RunAsync("dotnet", arguments, variables, Directory, TimeSpan.FromMinutes(5));
        return new DotnetResult(result.ExitCode, result.Output, result.Elapsed);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temp directory is cleaned by the OS later.
        }
    }
}

internal sealed record DotnetResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public bool HasError(string code) => Output.Contains($"error {code}", StringComparison.Ordinal);

    public override string ToString() => $"exit {ExitCode} after {Elapsed}:\n{Output}";
}
