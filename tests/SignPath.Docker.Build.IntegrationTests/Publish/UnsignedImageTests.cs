using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// Tests that sign (or fail to sign) one unsigned image, <paramref name="repository"/>:1.0 on the anonymous registry,
/// published once per class by <see cref="PublishedImage"/>. The local signing service's faults are cleared before
/// and after each test.
/// </summary>
public abstract class UnsignedImageTests(PublishRig rig, PublishedImage unsignedImage, ITestOutputHelper output, string repository) : IClassFixture<PublishedImage>, IAsyncLifetime, IDisposable
{
    private string pushedDigest = string.Empty;

    private protected PublishRig Rig => rig;

    private protected ITestOutputHelper Output => output;

    private protected UserProject Project { get; } = new(rig);

    private protected IndependentRegistryReader Registry { get; } = new(rig.Anonymous);

    public async Task InitializeAsync()
    {
        await rig.Signer.ClearFaultsAsync();
        pushedDigest = await unsignedImage.DigestAsync(rig, repository);
    }

    public async Task DisposeAsync()
    {
        await rig.Signer.ClearFaultsAsync();
        Dispose();
    }

    public void Dispose()
    {
        Project.Dispose();
        Registry.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Signs the image with the rig's signing properties and <paramref name="extra"/>; the build's output goes to the test output.</summary>
    private protected async Task<DotnetResult> SignAsync(IEnumerable<string> extra, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = await Project.SignAsync([.. Project.SigningProperties(), $"-p:ContainerImageReference={rig.Anonymous}/{repository}:1.0", .. extra], environment);
        output.WriteLine(result.ToString());
        return result;
    }

    /// <summary>The build failed with <paramref name="code"/>, and the image has no cosign signature.</summary>
    private protected async Task AssertFailedWithoutSignatureAsync(DotnetResult result, string code)
    {
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.HasError(code), $"expected error {code}: {result}");
        Assert.False(await Registry.CosignSignatureExistsAsync(repository, pushedDigest), "a signature was pushed although signing failed");
    }
}
