using System.Security;
using SignPath.Docker.Build.TestSupport;

namespace SignPath.Docker.Build.Benchmarks;

/// <summary>
/// A console app in the rig's temp directory that references SignPath.Docker.Build from the local feed, as a
/// user's project would (like the integration tests' UserProject). Images to sign come from an items file
/// imported through the BenchImages property, so one restore serves every run.
/// </summary>
internal sealed class BenchProject
{
    private readonly BenchRig rig;

    public BenchProject(BenchRig rig, string packageVersion, string packageSource)
    {
        this.rig = rig;
        Directory = System.IO.Directory.CreateDirectory(Path.Combine(rig.Work, "app")).FullName;
        ProjectPath = Path.Combine(Directory, "app.csproj");
        ConsumerProjectFiles.Write(
            Directory,
            ProjectPath,
            packageVersion,
            packageSource,
            extraProperties: "    <UseSharedCompilation>false</UseSharedCompilation>\n",
            extraElements: "  <Import Project=\"$(BenchImages)\" Condition=\"'$(BenchImages)' != ''\" />\n");
    }

    public string Directory { get; }

    public string ProjectPath { get; }

    /// <summary>`dotnet publish -t:PublishContainer` of the app to registry/repository:1.0 and :latest.</summary>
    public Task<ProcessResult> PublishAsync(string repository, string verbosity, IEnumerable<string> signing) => Shell.RunAsync(
        "dotnet",
        ["publish", ProjectPath, "-c", "Release", "-t:PublishContainer", "-nologo", "-tl:off", $"-v:{verbosity}",
            "-p:RuntimeIdentifier=linux-x64", $"-p:ContainerBaseImage={rig.Registry}/base:latest", $"-p:ContainerRegistry={rig.Registry}",
            $"-p:ContainerRepository={repository}", "-p:ContainerImageTags=\"1.0;latest\"", .. signing]);

    /// <summary>
    /// `dotnet msbuild -t:SignContainerImage` of the given ContainerImageToSign items (reference, optional digest). With <paramref name="peakMemoryFile"/>, /usr/bin/time
    /// writes the process's maximum resident set size (KiB) there.
    /// </summary>
    /// <param name="images">Manifest: the manifest's bytes as text, handed over like PublishContainer's GeneratedContainerManifest.</param>
    public async Task<ProcessResult> SignAsync(IEnumerable<(string Reference, string? Digest, string? Manifest)> images, string formats, string verbosity, string? peakMemoryFile = null)
    {
        var items = Path.Combine(Directory, $"images-{Guid.NewGuid():N}.props");
        await File.WriteAllTextAsync(items, "<Project><ItemGroup>\n" + string.Concat(images.Select(i =>
            $"  <ContainerImageToSign Include=\"{SecurityElement.Escape(i.Reference)}\"" +
            (i.Digest is null ? string.Empty : $" Digest=\"{i.Digest}\"") +
            (i.Manifest is null ? string.Empty : $" Manifest=\"{SecurityElement.Escape(MSBuildEscape(i.Manifest))}\"") +
            " />\n")) + "</ItemGroup></Project>\n");
        string[] msbuild = ["dotnet", "msbuild", ProjectPath, "-t:SignContainerImage", "-nologo", "-tl:off", $"-v:{verbosity}", $"-p:BenchImages={items}", .. Signing(formats)];
        return peakMemoryFile is null
            ? await Shell.RunAsync(msbuild[0], msbuild[1..])
            : await Shell.RunAsync("/usr/bin/time", ["-f", "%M", "-o", peakMemoryFile, .. msbuild]);
    }

    /// <summary>MSBuild would read %xx, $(, @( and ; in an item's metadata; escaped, the task gets the text back unchanged.</summary>
    private static string MSBuildEscape(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("$", "%24", StringComparison.Ordinal).Replace("@", "%40", StringComparison.Ordinal)
            .Replace(";", "%3B", StringComparison.Ordinal).Replace("'", "%27", StringComparison.Ordinal);

    /// <summary>Restores once, so later runs measure signing and not NuGet.</summary>
    public Task RestoreAsync() => Shell.RunAsync("dotnet", ["restore", ProjectPath, "-nologo", "-tl:off", "-v:q", "-p:RuntimeIdentifier=linux-x64"]);

    /// <summary>The properties of a signing run against the rig's LocalSigner and notary-server; the token is in the environment.</summary>
    public IEnumerable<string> Signing(string formats) =>
    [
        "-p:SignContainer=true",
        $"-p:ContainerSignatureFormats=\"{formats}\"",
        $"-p:SignPathApiUrl={new Uri(rig.SignerUrl, "Api/")}",
        $"-p:SignPathOrganizationId={BenchRig.OrganizationId}",
        "-p:SignPathProjectSlug=containers",
        "-p:SignPathSigningPolicySlug=release-signing",
        "-p:SignPathCosignArtifactConfigurationSlug=cosign",
        "-p:SignPathNotaryArtifactConfigurationSlug=notary",
        $"-p:CosignPublicKey={Path.Combine(rig.Work, "signer", "cosign.pub")}",
        $"-p:NotaryUrl={rig.NotaryUrl.AbsoluteUri.TrimEnd('/')}",
        $"-p:NotaryTrustDirectory={Path.Combine(rig.Work, "tofu")}",
    ];
}
