using SignPath.Docker.Build.IntegrationTests.Faults;
using SignPath.Docker.Build.IntegrationTests.Publish;
using SignPath.Docker.Build.IntegrationTests.Registry;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.SignPath;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.BeforePush;

/// <summary>
/// Only metadata reaches SignPath: an image with a 50 MB layer, signed before push through a counting proxy in front of
/// the local signing service, sends a submit body under 64 KiB, and the layer goes to the registry.
/// </summary>
[Collection(RegistryRigDefinition.Name)]
public sealed class BeforePushRequestSizeTests(RegistryRig rig, ITestOutputHelper output)
{
    [Fact]
    public async Task The_request_for_an_image_with_a_50_MB_layer_is_under_64_KiB()
    {
        var directory = Directory.CreateTempSubdirectory("spd-size-").FullName;
        await using var signer = await LocalSignerProcess.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(signer.BaseUrl);
        try
        {
            var layout = TestLayout.Write(directory, 50L * 1024 * 1024, "1.0");
            var log = new CollectingProgressLog();
            var proxied = signer.CreateClientOptions(apiUrl: new Uri(proxy.Url, "Api/"));
            using var service = new SignPathArtifactSigningService(new SignPathClient(proxied, log), signer.ProjectSlug, signer.SigningPolicySlug);
            using var registry = new RegistryClient(log: log);
            var repository = new RepositoryReference(rig.Anonymous, "before-push/size-" + Guid.NewGuid().ToString("N")[..8]);

            await new BeforePushSigningFlow(registry, service, log).SignAndPushAsync(
                [new LayoutInput(layout, repository, null)],
                new BeforePushSigningOptions([SignatureFormatList.Notation, SignatureFormatList.Cosign], BeforePushSigning.ArtifactConfigurationSlug, null, null),
                CancellationToken.None);

            var submit = Assert.Single(proxy.Requests, r => r.Method == "POST");
            output.WriteLine($"submit body: {submit.RequestBodyBytes} bytes; registry: {registry.Statistics}");
            Assert.InRange(submit.RequestBodyBytes, 1, 64 * 1024 - 1);
            Assert.True(registry.Statistics.BytesSent > 50L * 1024 * 1024);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
