using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// Where SignContainerImage signs: on linux-x64 in the package's native signer process (so every other publish
/// test runs through it), and with SignContainerInProcess=true in MSBuild's own process, which must give the same result.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class SigningProcessTests(PublishRig rig, ITestOutputHelper output)
{
    private const string NativeSignerLine = "Signing in the native signer process";

    [Fact]
    public async Task On_linux_x64_the_package_signs_in_its_native_signer_process()
    {
        Assert.Equal("linux-x64", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var repository = "e2e/native-signer";

        var published = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Anonymous, repository), .. project.SigningProperties(), "-v:detailed"]);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        Assert.Contains(NativeSignerLine, published.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("signing in MSBuild's process", published.Output, StringComparison.Ordinal);
        var digest = await registry.DigestOfAsync(repository, "1.0");
        Assert.Contains("1 of 1 signature(s)", await registry.VerifyCosignAsync(repository, digest!, rig.Signer.CosignPublicKeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignContainerInProcess_signs_in_msbuilds_process_with_the_same_result()
    {
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var repository = "e2e/in-process";

        var published = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Anonymous, repository), .. project.SigningProperties(), "-p:SignContainerInProcess=true", "-v:detailed"]);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        Assert.DoesNotContain(NativeSignerLine, published.Output, StringComparison.Ordinal);
        var digest = await registry.DigestOfAsync(repository, "1.0");
        Assert.Contains("1 of 1 signature(s)", await registry.VerifyCosignAsync(repository, digest!, rig.Signer.CosignPublicKeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_in_msbuilds_process_has_the_same_code_as_in_the_native_signer()
    {
        using var project = new UserProject(rig);
        string[] arguments = [.. UserProject.ContainerProperties(rig.Anonymous, "e2e/same-error"), .. project.SigningProperties(), "-p:SignContainerMaxParallelism=0"];

        var native = await project.PublishAsync(arguments);
        var inProcess = await project.PublishAsync([.. arguments, "-p:SignContainerInProcess=true"]);
        output.WriteLine(native.ToString());
        output.WriteLine(inProcess.ToString());

        Assert.True(native.HasError("SPD1013"), native.ToString());
        Assert.True(inProcess.HasError("SPD1013"), inProcess.ToString());
    }
}
