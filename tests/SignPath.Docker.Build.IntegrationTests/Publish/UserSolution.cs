using SignPath.Docker.Build.IntegrationTests.Rig;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// A solution of several console apps that reference SignPath.Docker.Build from the local feed, with the
/// Directory.Solution.targets the README tells users to put next to their .sln (copied from sdk/solution).
/// </summary>
internal sealed class UserSolution : IDisposable
{
    private readonly UserProject runner;

    public UserSolution(PublishRig rig, string registry, IReadOnlyList<string> projects, bool withSolutionTargets = true)
    {
        // UserProject gives the directory, NuGet.config and the dotnet runner; its own project is not in the solution.
        runner = new UserProject(rig, "runner");
        File.Delete(runner.ProjectPath);
        File.Delete(Path.Combine(Directory, "Program.cs"));
        Repositories = projects.Select(p => $"solution/{p}-{Guid.NewGuid().ToString("N")[..8]}").ToList();
        for (var i = 0; i < projects.Count; i++)
        {
            var folder = System.IO.Directory.CreateDirectory(Path.Combine(Directory, projects[i])).FullName;
            File.WriteAllText(Path.Combine(folder, projects[i] + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
                    <ContainerBaseImage>{registry}/base:latest</ContainerBaseImage>
                    <ContainerRegistry>{registry}</ContainerRegistry>
                    <ContainerRepository>{Repositories[i]}</ContainerRepository>
                    <ContainerImageTags>1.0;latest</ContainerImageTags>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="SignPath.Docker.Build" Version="{rig.PackageVersion}" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(folder, "Program.cs"), $"System.Console.WriteLine(\"{projects[i]}\");\n");
        }

        if (withSolutionTargets)
        {
            File.Copy(Path.Combine(RigScript.RepositoryRoot, "sdk", "solution", "Directory.Solution.targets"), Path.Combine(Directory, "Directory.Solution.targets"));
        }

        Projects = projects;
    }

    public string Directory => runner.Directory;

    public string SolutionPath => Path.Combine(Directory, "Services.sln");

    public IReadOnlyList<string> Projects { get; }

    public IReadOnlyList<string> Repositories { get; }

    public IEnumerable<string> SigningProperties() => runner.SigningProperties();

    public async Task CreateAsync()
    {
        await Ensure(runner.RunAsync(["new", "sln", "-n", "Services", "--format", "sln"]));
        await Ensure(runner.RunAsync(["sln", SolutionPath, "add", .. Projects.Select(p => Path.Combine(Directory, p, p + ".csproj"))]));
    }

    public Task<DotnetResult> PublishAsync(IEnumerable<string> arguments) =>
        runner.RunAsync(["publish", SolutionPath, "-c", "Release", "-t:PublishContainer", "-nologo", "-tl:off", .. arguments]);

    public void Dispose() => runner.Dispose();

    private static async Task Ensure(Task<DotnetResult> run)
    {
        var result = await run;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.ToString());
        }
    }
}
