using SignPath.Docker.Build.IntegrationTests.Rig;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// Each bad input or failing dependency ends in an MSBuild error with its SPD code, and the registry
/// holds no signature afterwards: nothing is pushed in any failed case.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class SigningFailureTests(PublishRig rig, PublishedImage unsignedImage, ITestOutputHelper output) : UnsignedImageTests(rig, unsignedImage, output, Repository)
{
    private const string Repository = "e2e/failures";

    [Fact]
    public async Task A_wrong_api_token_is_SPD3001()
    {
        var result = await SignAsync([], new Dictionary<string, string?> { ["SIGNPATH_API_TOKEN"] = "not-the-token" });

        await AssertFailedWithoutSignatureAsync(result, "SPD3001");
        Assert.DoesNotContain("not-the-token", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_token_is_SPD1002()
    {
        var result = await SignAsync([], new Dictionary<string, string?> { ["SIGNPATH_API_TOKEN"] = null });

        await AssertFailedWithoutSignatureAsync(result, "SPD1002");
    }

    [Fact]
    public async Task A_missing_organization_is_SPD1001()
    {
        var result = await SignAsync(["-p:SignPathOrganizationId="]);

        await AssertFailedWithoutSignatureAsync(result, "SPD1001");
    }

    [Fact]
    public async Task A_denied_signing_request_is_SPD3004()
    {
        await Rig.Signer.InjectFaultAsync(new { kind = "deny", count = 1, reason = "not approved" });

        await AssertFailedWithoutSignatureAsync(await SignAsync([]), "SPD3004");
    }

    [Fact]
    public async Task A_failed_signing_request_is_SPD3005_naming_the_cosign_artifact_configuration_and_the_readme_section()
    {
        await Rig.Signer.InjectFaultAsync(new { kind = "fail", count = 1 });

        var result = await SignAsync([]);

        await AssertFailedWithoutSignatureAsync(result, "SPD3005");
        Assert.Contains($"artifact configuration '{Rig.Signer.CosignArtifactConfigurationSlug}'", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"What SignPath must be configured with\" (README.md#what-signpath-must-be-configured-with)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_never_completes_times_out_with_SPD3007()
    {
        await Rig.Signer.InjectFaultAsync(new { kind = "never-complete", count = 1 });

        await AssertFailedWithoutSignatureAsync(await SignAsync(["-p:SignPathWaitForCompletionTimeout=3"]), "SPD3007");
    }

    [Fact]
    public async Task A_signature_from_another_key_is_SPD4001()
    {
        var otherKey = Path.Combine(Project.Directory, "other.pub");
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(otherKey, key.ExportSubjectPublicKeyInfoPem());
        }

        await AssertFailedWithoutSignatureAsync(await SignAsync([$"-p:CosignPublicKey={otherKey}"]), "SPD4001");
    }

    [Fact]
    public async Task An_unreachable_registry_is_SPD2001()
    {
        var port = FreePort.Next();
        var result = await Project.SignAsync([.. Project.SigningProperties(), $"-p:ContainerImageReference=127.0.0.1:{port}/x/y:1.0"]);

        Output.WriteLine(result.ToString());
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.HasError("SPD2001"), result.ToString());
    }

    [Fact]
    public async Task An_image_missing_from_the_registry_is_SPD2004()
    {
        var result = await Project.SignAsync([.. Project.SigningProperties(), $"-p:ContainerImageReference={Rig.Anonymous}/{Repository}:no-such-tag"]);

        Assert.True(result.HasError("SPD2004"), result.ToString());
    }

    [Fact]
    public async Task Nothing_listening_at_the_SignPath_port_fails_on_the_first_attempt_with_SPD3010()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/Api/";

        var result = await SignAsync([$"-p:SignPathApiUrl={url}", "-v:n"]);

        await AssertFailedWithoutSignatureAsync(result, "SPD3010");
        Assert.Contains("nothing listens at 127.0.0.1:", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, RetryLines(result));
    }

    [Fact]
    public async Task A_SignPath_host_name_that_does_not_resolve_fails_at_once_with_SPD3010()
    {
        var result = await SignAsync(["-p:SignPathApiUrl=https://signpath.invalid/Api/", "-v:n"]);

        await AssertFailedWithoutSignatureAsync(result, "SPD3010");
        Assert.Contains("the host name signpath.invalid does not resolve", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, RetryLines(result));
    }

    [Fact]
    public async Task An_untrusted_SignPath_certificate_fails_at_once_with_SPD3011()
    {
        await using var server = await UntrustedTlsServer.StartAsync();

        var result = await SignAsync([$"-p:SignPathApiUrl={server.Url}Api/", "-v:n"]);

        await AssertFailedWithoutSignatureAsync(result, "SPD3011");
        Assert.Contains("is not trusted or does not match the host name", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, RetryLines(result));
        Assert.Equal(1, server.Connections);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task SignPathServiceUnavailableTimeout_bounds_the_retries_of_an_unavailable_SignPath_with_SPD3008()
    {
        await Rig.Signer.InjectFaultAsync(new { kind = "http-status", status = 503, retryAfterSeconds = 1, count = 100, method = "POST", path = "/SigningRequests" });

        var result = await SignAsync(["-p:SignPathServiceUnavailableTimeout=2.5", "-v:n"]);

        // How many attempts fit depends on how fast each is answered (on a loaded machine only one may); every wait
        // before another attempt has its line, and the error names the property that bounds them.
        await AssertFailedWithoutSignatureAsync(result, "SPD3008");
        var retries = RetryLines(result);
        Assert.InRange(retries, 0, 2);
        Assert.Contains($"gave up after {retries + 1} attempt(s)", result.Output, StringComparison.Ordinal);
        Assert.Contains("raise SignPathServiceUnavailableTimeout", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SignPathApiUrl_whose_path_answers_404_is_SPD3012()
    {
        var before = (await Rig.Signer.GetRequestsAsync()).Count;

        var result = await SignAsync([$"-p:SignPathApiUrl={Rig.Signer.BaseUrl}NotTheApi/", "-v:n"]);

        await AssertFailedWithoutSignatureAsync(result, "SPD3012");
        Assert.Equal(0, RetryLines(result));
        Assert.Equal(before, (await Rig.Signer.GetRequestsAsync()).Count);
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
        var before = (await Rig.Signer.GetRequestsAsync()).Count;

        var result = await SignAsync([property]);

        await AssertFailedWithoutSignatureAsync(result, code);
        Assert.Equal(before, (await Rig.Signer.GetRequestsAsync()).Count);
    }

    [Fact]
    public async Task Signing_an_archive_publish_is_SPD1007()
    {
        var archive = Path.Combine(Project.Directory, "image.tar.gz");
        var result = await Project.PublishAsync([.. UserProject.ContainerProperties(Rig.Anonymous, "e2e/archive", "1.0"), $"-p:ContainerArchiveOutputPath={archive}", .. Project.SigningProperties()]);

        Assert.True(result.HasError("SPD1007"), result.ToString());
    }

    private static int RetryLines(DotnetResult result) => result.Output.Split('\n').Count(line => line.Contains("next try in", StringComparison.Ordinal));
}
