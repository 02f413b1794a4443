using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.IntegrationTests.Publish;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.TrustSetup;

/// <summary>Setup failures end with a clear SPD error and publish nothing (the server's root.json is absent or unchanged).</summary>
[Collection(PublishRigDefinition.Name)]
public sealed class DockerTrustSetupErrorTests(PublishRig rig, HttpNotaryRig notary, ITestOutputHelper output) : IClassFixture<HttpNotaryRig>
{
    [Fact]
    public async Task Wrong_pin_missing_token_and_missing_module_fail_before_anything_is_published()
    {
        await using var session = await TrustSetupSession.StartAsync(rig, notary, "errors/dct-token");

        var wrongPin = await session.RunTargetAsync("InitializeDockerSigning", session.SetupProperties(), pin: "wrong-pin-Zk41");
        AssertFailed(wrongPin, "SPD6003");
        var noToken = await session.RunTargetAsync("InitializeDockerSigning", session.SetupProperties(tokenLabel: "no-such-token"));
        AssertFailed(noToken, "SPD6002");
        var noModule = await session.RunTargetAsync("InitializeDockerSigning", session.SetupProperties(module: "/nonexistent/libpkcs11.so"));
        AssertFailed(noModule, "SPD6001");
        var moduleUnset = await session.RunTargetAsync("InitializeDockerSigning", [.. session.SetupProperties(), "-p:Pkcs11Library="]);
        AssertFailed(moduleUnset, "SPD6001");

        Assert.Null(await session.RootJsonAsync());
        Assert.DoesNotContain(session.TokenObjects(), o => o.Heading.StartsWith("Private Key Object", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_initialised_repository_is_not_initialised_again()
    {
        await using var session = await TrustSetupSession.StartAsync(rig, notary, "errors/dct-twice");
        var first = await session.RunTargetAsync("InitializeDockerSigning", session.SetupProperties());
        Assert.True(first.ExitCode == 0, first.ToString());
        var root = await session.RootJsonAsync();

        var second = await session.RunTargetAsync("InitializeDockerSigning", session.SetupProperties());
        AssertFailed(second, "SPD5007");
        Assert.Equal(root, await session.RootJsonAsync());
        Assert.Single(session.TokenObjects(), o => o.Heading.StartsWith("Private Key Object", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expired_and_non_certificate_delegation_certificates_are_refused_and_nothing_is_published()
    {
        await using var session = await TrustSetupSession.StartAsync(rig, notary, "errors/dct-delegation");
        var notACertificate = Path.Combine(session.Directory, "not-a-certificate.pem");
        await File.WriteAllTextAsync(notACertificate, "this is not a certificate\n");
        var expired = Path.Combine(session.Directory, "expired.crt");
        await File.WriteAllTextAsync(expired, ExpiredCertificatePem());

        // At initialisation: refused before the token or the server is touched.
        var atInit = await session.RunTargetAsync("InitializeDockerSigning", [.. session.SetupProperties(), $"-p:NotaryDelegationCertificate={expired}"]);
        AssertFailed(atInit, "SPD5008");
        Assert.Contains("expired", atInit.Output, StringComparison.Ordinal);
        Assert.Null(await session.RootJsonAsync());

        var initialized = await session.RunTargetAsync("InitializeDockerSigning", session.SetupProperties());
        Assert.True(initialized.ExitCode == 0, initialized.ToString());
        var root = await session.RootJsonAsync();

        var expiredAdd = await session.RunTargetAsync("AddDelegationCertificate", [.. session.SetupProperties(), $"-p:NotaryDelegationCertificate={expired}"]);
        AssertFailed(expiredAdd, "SPD5008");
        var garbageAdd = await session.RunTargetAsync("AddDelegationCertificate", [.. session.SetupProperties(), $"-p:NotaryDelegationCertificate={notACertificate}"]);
        AssertFailed(garbageAdd, "SPD5008");
        Assert.Contains("not a PEM X.509 certificate", garbageAdd.Output, StringComparison.Ordinal);
        var keyAsCertificate = await session.RunTargetAsync("RotateDockerSigningKeys", [.. session.SetupProperties(), $"-p:NotaryDelegationCertificate={Path.Combine(session.Directory, "signpath.key")}"]);
        AssertFailed(keyAsCertificate, "SPD5008");
        Assert.DoesNotContain("PRIVATE KEY", keyAsCertificate.Output, StringComparison.Ordinal);

        Assert.Equal(root, await session.RootJsonAsync());
        Assert.Contains("No targets present", await session.NotaryListAsync("targets"), StringComparison.Ordinal);
    }

    private void AssertFailed(DotnetResult result, string code)
    {
        output.WriteLine(result.ToString());
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.HasError(code), $"expected error {code}:\n{result}");
    }

    private static string ExpiredCertificatePem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=signpath", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddYears(-3), now.AddDays(-1));
        return certificate.ExportCertificatePem();
    }
}
