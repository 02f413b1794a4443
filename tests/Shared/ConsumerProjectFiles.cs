namespace SignPath.Docker.Build.TestSupport;

/// <summary>
/// A user's project as the tests and the benchmark consume the package: a console app with a PackageReference to
/// SignPath.Docker.Build, restored from the local feed scripts/pack.sh fills. Linked into both projects.
/// </summary>
internal static class ConsumerProjectFiles
{
    /// <param name="extraProperties">More PropertyGroup lines.</param>
    /// <param name="extraElements">More elements after the ItemGroup (e.g. an Import).</param>
    public static void Write(string directory, string projectPath, string packageVersion, string packageSource, string extraProperties = "", string extraElements = "")
    {
        File.WriteAllText(projectPath, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
            {extraProperties}  </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SignPath.Docker.Build" Version="{packageVersion}" PrivateAssets="all" />
              </ItemGroup>
            {extraElements}</Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), "Console.WriteLine(\"signed\");\n");
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="signpath-docker-build" value="{packageSource}" />
              </packageSources>
            </configuration>
            """);
    }
}
