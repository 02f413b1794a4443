using SignPath.Docker.Build.IntegrationTests.Rig;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// PrepareCosignPayload and AttachCosignSignature for pipelines that talk to SignPath themselves:
/// here openssl plays SignPath, and verify-cosign.sh checks the result.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class LowLevelTaskTests(PublishRig rig, ITestOutputHelper output)
{
    [Fact]
    public async Task A_payload_signed_outside_the_build_is_attached_like_cosign_attach()
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        const string repository = "e2e/lowlevel";
        var pushed = await project.PublishAsync(UserProject.ContainerProperties(rig.Anonymous, repository, "1.0"));
        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        var digest = (await registry.DigestOfAsync(repository, "1.0"))!;
        var image = $"{rig.Anonymous}/{repository}@{digest}";
        File.WriteAllText(Path.Combine(project.Directory, "Directory.Build.targets"), """
            <Project>
              <Target Name="Prepare">
                <PrepareCosignPayload ImageReference="$(Image)" PayloadFile="$(MSBuildProjectDirectory)/payload.json" />
              </Target>
              <Target Name="Attach">
                <AttachCosignSignature ImageReference="$(Image)" PayloadFile="$(MSBuildProjectDirectory)/payload.json"
                                       SignatureFile="$(MSBuildProjectDirectory)/payload.json.sig" CosignPublicKey="$(MSBuildProjectDirectory)/key.pub" />
              </Target>
            </Project>
            """);

        var prepared = await project.RunAsync(["msbuild", project.ProjectPath, "-restore", "-t:Prepare", "-nologo", $"-p:Image={image}"]);
        Assert.True(prepared.ExitCode == 0, prepared.ToString());
        await Openssl(project.Directory, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
        await Openssl(project.Directory, "ec", "-in", "key.pem", "-pubout", "-out", "key.pub");
        await Openssl(project.Directory, "dgst", "-sha256", "-sign", "key.pem", "-out", "payload.json.sig", "payload.json");
        var attached = await project.RunAsync(["msbuild", project.ProjectPath, "-t:Attach", "-nologo", $"-p:Image={image}"]);
        output.WriteLine(attached.ToString());

        Assert.True(attached.ExitCode == 0, attached.ToString());
        Assert.Contains("1 of 1", await registry.VerifyCosignAsync(repository, digest, Path.Combine(project.Directory, "key.pub")), StringComparison.Ordinal);
    }

    private static Task<string> Openssl(string directory, params string[] arguments) =>
        Rig.ExternalProcess.RunCheckedAsync("sh", ["-c", $"cd '{directory}' && openssl {string.Join(' ', arguments)}"]);
}
