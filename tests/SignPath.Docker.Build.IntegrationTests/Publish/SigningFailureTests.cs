using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// Each bad input or failing dependency ends in an MSBuild error with its SPD code, and the registry
/// holds no signature afterwards: nothing is pushed in any failed case.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class SigningFailureTests(PublishRig rig, PublishedImage unsignedImage, ITestOutputHelper output) : IClassFixture<PublishedImage>, IAsyncLifetime, IDisposable
{
    private string pushedDigest = string.Empty;
    private readonly UserProject project = new(rig);
    private readonly IndependentRegistryReader registry = new(rig.Anonymous);

    private const string Repository = "e2e/failures";

    private string Image => $"{rig.Anonymous}/{Repository}:1.0";

    public async Task InitializeAsync()
    {
        await rig.Signer.ClearFaultsAsync();
        pushedDigest = await unsignedImage.DigestAsync(rig, Repository);
    }

    public async Task DisposeAsync()
    {
        await rig.Signer.ClearFaultsAsync();
        Dispose();
    }

    public void Dispose()
    {
        project.Dispose();
        registry.Dispose();
    }

    [Fact]
    public async Task A_wrong_api_token_is_SPD3001()
    {
        var result = await Sign([], new Dictionary<string, string?> { ["SIGNPATH_API_TOKEN"] = "not-the-token" });

        await AssertFailedWithoutSignature(result, "SPD3001");
        Assert.DoesNotContain("not-the-token", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_token_is_SPD1002()
    {
        var result = await Sign([], new Dictionary<string, string?> { ["SIGNPATH_API_TOKEN"] = null });

        await AssertFailedWithoutSignature(result, "SPD1002");
    }

    [Fact]
    public async Task A_missing_organization_is_SPD1001()
    {
        var result = await Sign(["-p:SignPathOrganizationId="]);

        await AssertFailedWithoutSignature(result, "SPD1001");
    }

    [Fact]
    public async Task A_denied_signing_request_is_SPD3004()
    {
        await rig.Signer.InjectFaultAsync(new { kind = "deny", count = 1, reason = "not approved" });

        await AssertFailedWithoutSignature(await Sign([]), "SPD3004");
    }

    [Fact]
    public async Task A_failed_signing_request_is_SPD3005_naming_the_cosign_artifact_configuration_and_the_readme_section()
    {
        await rig.Signer.InjectFaultAsync(new { kind = "fail", count = 1 });

        var result = await Sign([]);

        await AssertFailedWithoutSignature(result, "SPD3005");
        Assert.Contains($"artifact configuration '{rig.Signer.CosignArtifactConfigurationSlug}'", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"What SignPath must be configured with\" (README.md#what-signpath-must-be-configured-with)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_never_completes_times_out_with_SPD3007()
    {
        await rig.Signer.InjectFaultAsync(new { kind = "never-complete", count = 1 });

        await AssertFailedWithoutSignature(await Sign(["-p:SignPathWaitForCompletionTimeout=3"]), "SPD3007");
    }

    [Fact]
    public async Task A_signature_from_another_key_is_SPD4001()
    {
        var otherKey = Path.Combine(project.Directory, "other.pub");
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(otherKey, key.ExportSubjectPublicKeyInfoPem());
        }

        await AssertFailedWithoutSignature(await Sign([$"-p:CosignPublicKey={otherKey}"]), "SPD4001");
    }

    [Fact]
    public async Task An_unreachable_registry_is_SPD2001()
    {
        var port = Rig.FreePort.Next();
        var result = await project.SignAsync([.. project.SigningProperties(), $"-p:ContainerImageReference=127.0.0.1:{port}/x/y:1.0"]);

        output.WriteLine(result.ToString());
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.HasError("SPD2001"), result.ToString());
    }

    [Fact]
    public async Task An_image_missing_from_the_registry_is_SPD2004()
    {
        var result = await project.SignAsync([.. project.SigningProperties(), $"-p:ContainerImageReference={rig.Anonymous}/{Repository}:no-such-tag"]);

        Assert.True(result.HasError("SPD2004"), result.ToString());
    }

    [Fact]
    public async Task Nothing_listening_at_the_SignPath_port_fails_on_the_first_attempt_with_SPD3010()
    {
        var url = $"http://127.0.0.1:{Rig.FreePort.Next()}/Api/";

        var result = await Sign([$"-p:SignPathApiUrl={url}", "-v:n"]);

        await AssertFailedWithoutSignature(result, "SPD3010");
        Assert.Contains("nothing listens at 127.0.0.1:", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, RetryLines(result));
    }

    [Fact]
    public async Task A_SignPath_host_name_that_does_not_resolve_fails_at_once_with_SPD3010()
    {
        var result = await Sign(["-p:SignPathApiUrl=https://signpath.invalid/Api/", "-v:n"]);

        await AssertFailedWithoutSignature(result, "SPD3010");
        Assert.Contains("the host name signpath.invalid does not resolve", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, RetryLines(result));
    }

    [Fact]
    public async Task An_untrusted_SignPath_certificate_fails_at_once_with_SPD3011()
    {
        await using var server = await Rig.UntrustedTlsServer.StartAsync();

        var result = await Sign([$"-p:SignPathApiUrl={server.Url}Api/", "-v:n"]);

        await AssertFailedWithoutSignature(result, "SPD3011");
        Assert.Contains("is not trusted or does not match the host name", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, RetryLines(result));
        Assert.Equal(1, server.Connections);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task SignPathServiceUnavailableTimeout_bounds_the_retries_of_an_unavailable_SignPath_with_SPD3008()
    {
        await rig.Signer.InjectFaultAsync(new { kind = "http-status", status = 503, retryAfterSeconds = 1, count = 100, method = "POST", path = "/SigningRequests" });

        var result = await Sign(["-p:SignPathServiceUnavailableTimeout=2.5", "-v:n"]);

        // How many attempts fit depends on how fast each is answered (on a loaded machine only one may); every wait
        // before another attempt has its line, and the error names the property that bounds them.
        await AssertFailedWithoutSignature(result, "SPD3008");
        var retries = RetryLines(result);
        Assert.InRange(retries, 0, 2);
        Assert.Contains($"gave up after {retries + 1} attempt(s)", result.Output, StringComparison.Ordinal);
        Assert.Contains("raise SignPathServiceUnavailableTimeout", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SignPathApiUrl_whose_path_answers_404_is_SPD3012()
    {
        var before = (await rig.Signer.GetRequestsAsync()).Count;

        var result = await Sign([$"-p:SignPathApiUrl={rig.Signer.BaseUrl}NotTheApi/", "-v:n"]);

        await AssertFailedWithoutSignature(result, "SPD3012");
        Assert.Equal(0, RetryLines(result));
        Assert.Equal(before, (await rig.Signer.GetRequestsAsync()).Count);
    }

    [Theory]
    [InlineData("-p:ContainerImageReference=UPPER/Case::tag", "SPD1004")]
    [InlineData("-p:ContainerSignatureFormats=pgp", "SPD1005")]
    [InlineData("-p:SignPathApiUrl=api/v1", "SPD1006")]
    [InlineData("-p:SignPathWaitForCompletionTimeout=soon", "SPD1010")]
    [InlineData("-p:SignPathServiceUnavailableTimeout=-5", "SPD1010")]
    [InlineData("-p:SignContainerMaxParallelism=0", "SPD1013")]
    public async Task Bad_property_values_are_refused_before_anything_is_sent(string property, string code)
    {
        var before = (await rig.Signer.GetRequestsAsync()).Count;

        var result = await Sign([property]);

        await AssertFailedWithoutSignature(result, code);
        Assert.Equal(before, (await rig.Signer.GetRequestsAsync()).Count);
    }

    [Fact]
    public async Task Signing_an_archive_publish_is_SPD1007()
    {
        var archive = Path.Combine(project.Directory, "image.tar.gz");
        var result = await project.PublishAsync([.. UserProject.ContainerProperties(rig.Anonymous, "e2e/archive", "1.0"), $"-p:ContainerArchiveOutputPath={archive}", .. project.SigningProperties()]);

        Assert.True(result.HasError("SPD1007"), result.ToString());
    }

    private static int RetryLines(DotnetResult result) => result.Output.Split('\n').Count(line => line.Contains("next try in", StringComparison.Ordinal));

    private async Task<DotnetResult> Sign(IEnumerable<string> extra, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = await project.SignAsync([.. project.SigningProperties(), $"-p:ContainerImageReference={Image}", .. extra], environment);
        output.WriteLine(result.ToString());
        return result;
    }

    private async Task AssertFailedWithoutSignature(DotnetResult result, string code)
    {
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.HasError(code), $"expected error {code}: {result}");
        Assert.False(await registry.TagExistsAsync(Repository, $"{pushedDigest.Replace(':', '-')}.sig"), "a signature was pushed although signing failed");
    }
}
