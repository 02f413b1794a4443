using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// Each bad input or failing dependency ends in an MSBuild error with its SPD code, and the registry
/// holds no signature afterwards: nothing is pushed in any failed case.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class SigningFailureTests(PublishRig rig, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private static readonly SemaphoreSlim PushLock = new(1, 1);
    private static string? pushedDigest;
    private readonly UserProject project = new(rig);
    private readonly IndependentRegistryReader registry = new(rig.Anonymous);

    private const string Repository = "e2e/failures";

    // The new SignPath checks are the same in the native signer, which is being retired; MSBuild's process is the path that stays.
    private const string InProcess = "-p:SignContainerInProcess=true";

    private string Image => $"{rig.Anonymous}/{Repository}:1.0";

    public async Task InitializeAsync()
    {
        await rig.Signer.ClearFaultsAsync();
        await PushLock.WaitAsync();
        try
        {
            if (pushedDigest is null)
            {
                var pushed = await project.PublishAsync(UserProject.ContainerProperties(rig.Anonymous, Repository, "1.0"));
                Assert.True(pushed.ExitCode == 0, pushed.ToString());
                pushedDigest = await registry.DigestOfAsync(Repository, "1.0");
            }
        }
        finally
        {
            PushLock.Release();
        }
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
    public async Task A_failed_signing_request_is_SPD3005()
    {
        await rig.Signer.InjectFaultAsync(new { kind = "fail", count = 1 });

        await AssertFailedWithoutSignature(await Sign([]), "SPD3005");
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

        var result = await Sign([$"-p:SignPathApiUrl={url}", "-v:n", InProcess]);

        await AssertFailedWithoutSignature(result, "SPD3010");
        Assert.Contains("nothing listens at 127.0.0.1:", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, RetryLines(result));
    }

    [Fact]
    public async Task A_SignPath_host_name_that_does_not_resolve_fails_at_once_with_SPD3010()
    {
        var result = await Sign(["-p:SignPathApiUrl=https://signpath.invalid/Api/", "-v:n", InProcess]);

        await AssertFailedWithoutSignature(result, "SPD3010");
        Assert.Contains("the host name signpath.invalid does not resolve", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, RetryLines(result));
    }

    [Fact]
    public async Task An_untrusted_SignPath_certificate_fails_at_once_with_SPD3011()
    {
        await using var server = await Rig.UntrustedTlsServer.StartAsync();

        var result = await Sign([$"-p:SignPathApiUrl={server.Url}Api/", "-v:n", InProcess]);

        await AssertFailedWithoutSignature(result, "SPD3011");
        Assert.Contains("is not trusted or does not match the host name", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, RetryLines(result));
        Assert.Equal(1, server.Connections);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task A_SignPathApiUrl_whose_path_answers_404_is_SPD3012()
    {
        var before = (await rig.Signer.GetRequestsAsync()).Count;

        var result = await Sign([$"-p:SignPathApiUrl={rig.Signer.BaseUrl}NotTheApi/", "-v:n", InProcess]);

        await AssertFailedWithoutSignature(result, "SPD3012");
        Assert.Equal(0, RetryLines(result));
        Assert.Equal(before, (await rig.Signer.GetRequestsAsync()).Count);
    }

    [Theory]
    [InlineData("-p:ContainerImageReference=UPPER/Case::tag", "SPD1004")]
    [InlineData("-p:ContainerSignatureFormats=pgp", "SPD1005")]
    [InlineData("-p:SignPathApiUrl=api/v1", "SPD1006")]
    [InlineData("-p:SignPathWaitForCompletionTimeout=soon", "SPD1010")]
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
        Assert.False(await registry.TagExistsAsync(Repository, $"{pushedDigest!.Replace(':', '-')}.sig"), "a signature was pushed although signing failed");
    }
}
