using System.Security.Cryptography;
using SignPath.Docker.Build.IntegrationTests.Faults;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// Without CosignPublicKey every signature is checked with the key SignPath reports for the signing policy
/// (MySigningPolicies, read once per build): the local signing service answers as misconfigured projects would,
/// and each answer is refused with its own code while the registry stays as it was. A good publish writes the key
/// to obj/…/cosign.pub, and openssl (scripts/verify-cosign.sh) verifies the pushed signature with that file.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class SignatureVerificationTests(PublishRig rig, PublishedImage unsignedImage, ITestOutputHelper output) : UnsignedImageTests(rig, unsignedImage, output, Repository)
{
    private const string Repository = "e2e/verification";

    [Theory]
    [InlineData("garbage-signature", "SPD4003", "not a signature")]
    [InlineData("other-key-signature", "SPD4001", "made by another key")]
    [InlineData("sha384-signature", "SPD4005", "SHA384 where SHA256 is expected")]
    [InlineData("rsa-signature", "SPD4004", "the length of an RSA-2048 signature")]
    [InlineData("policy-other-key", "SPD4001", "made by another key")]
    public async Task A_signature_that_does_not_verify_with_the_policy_key_is_refused_and_nothing_is_pushed(string fault, string code, string cause)
    {
        var tagsBefore = await Registry.TagsAsync(Repository);
        await Rig.Signer.InjectFaultAsync(new { kind = fault, count = 1 });

        var result = await SignAsync([]);

        await AssertFailedWithoutSignatureAsync(result, code);
        Assert.Contains(cause, result.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing was pushed", result.Output, StringComparison.Ordinal);
        Assert.Equal(tagsBefore, await Registry.TagsAsync(Repository));
        Assert.Empty(Directory.GetFiles(Project.Directory, "cosign.pub", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_pinned_CosignPublicKey_is_used_instead_of_asking_SignPath()
    {
        await using var proxy = await FaultProxy.StartAsync(Rig.Signer.BaseUrl);
        await Rig.Signer.InjectFaultAsync(new { kind = "policy-other-key", count = 1 });

        var result = await Project.SignAsync(
        [
            .. SigningPropertiesThrough(proxy, Rig.Signer),
            $"-p:ContainerImageReference={Rig.Anonymous}/{Repository}:1.0",
            $"-p:CosignPublicKey={Rig.Signer.CosignPublicKeyPath}",
        ]);
        Output.WriteLine(result.ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(proxy.Requests, r => r.PathAndQuery.Contains("MySigningPolicies", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_publish_without_CosignPublicKey_checks_with_the_policy_key_once_and_writes_cosign_pub()
    {
        const string repository = "e2e/policy-key";
        await using var proxy = await FaultProxy.StartAsync(Rig.Signer.BaseUrl);

        var published = await Project.PublishAsync(
        [
            .. UserProject.ContainerProperties(Rig.Anonymous, repository, "1.0;latest"),
            .. SigningPropertiesThrough(proxy, Rig.Signer),
            "-v:n",
        ]);
        Output.WriteLine(published.ToString());
        Output.WriteLine(string.Join("\n", proxy.Requests));

        Assert.True(published.ExitCode == 0, published.ToString());
        var keyFile = Assert.Single(Directory.GetFiles(Path.Combine(Project.Directory, "obj"), "cosign.pub", SearchOption.AllDirectories));
        Assert.Contains($"cosign public key (ECDSA P-256, from the certificate of SignPath signing policy '{Rig.Signer.SigningPolicySlug}'", published.Output, StringComparison.Ordinal);
        Assert.Contains(keyFile, published.Output, StringComparison.Ordinal);
        Assert.Equal(Normalize(await File.ReadAllTextAsync(Rig.Signer.CosignPublicKeyPath)), Normalize(await File.ReadAllTextAsync(keyFile)));
        var digest = (await Registry.DigestOfAsync(repository, "1.0"))!;
        Assert.Contains("1 of 1 signature(s)", await Registry.VerifyCosignAsync(repository, digest, keyFile), StringComparison.Ordinal);

        // SignPath requests of the build: the one extra GET for the key, then submit, status polls, download.
        var signPath = proxy.Requests.Select(r => $"{r.Method} {Shape(r.PathAndQuery)}").ToList();
        Output.WriteLine(string.Join(", ", signPath.GroupBy(r => r).Select(g => $"{g.Count()}× {g.Key}")));
        Assert.Equal(1, signPath.Count(r => r.Contains("MySigningPolicies", StringComparison.Ordinal)));
        Assert.Equal(1, signPath.Count(r => r.StartsWith("POST", StringComparison.Ordinal)));
        Assert.Equal(1, signPath.Count(r => r.EndsWith("/SignedArtifact", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_signing_policy_with_an_rsa_key_signs_and_its_cosign_pub_verifies_with_openssl()
    {
        using var rsa = RSA.Create(3072);
        await using var signer = await LocalSignerProcess.StartWithKeyAsync(rsa.ExportPkcs8PrivateKeyPem());
        const string repository = "e2e/rsa-policy";
        var environment = new Dictionary<string, string?> { ["SIGNPATH_API_TOKEN"] = signer.ApiToken };

        var published = await Project.PublishAsync(
            [.. UserProject.ContainerProperties(Rig.Anonymous, repository, "1.0"), .. UserProject.SigningProperties(signer), "-v:n"],
            environment);
        Output.WriteLine(published.ToString());

        Assert.True(published.ExitCode == 0, published.ToString());
        Assert.Contains("cosign public key (RSA 3072-bit", published.Output, StringComparison.Ordinal);
        var keyFile = Assert.Single(Directory.GetFiles(Path.Combine(Project.Directory, "obj"), "cosign.pub", SearchOption.AllDirectories));
        Assert.Equal(Normalize(rsa.ExportSubjectPublicKeyInfoPem()), Normalize(await File.ReadAllTextAsync(keyFile)));
        var digest = (await Registry.DigestOfAsync(repository, "1.0"))!;
        Assert.Contains("1 of 1 signature(s)", await Registry.VerifyCosignAsync(repository, digest, keyFile), StringComparison.Ordinal);
    }

    private static IEnumerable<string> SigningPropertiesThrough(FaultProxy proxy, LocalSignerProcess signer) =>
        UserProject.SigningProperties(signer).Select(p => p.StartsWith("-p:SignPathApiUrl=", StringComparison.Ordinal) ? $"-p:SignPathApiUrl={proxy.Url}Api/" : p);

    private static string Shape(string pathAndQuery) =>
        System.Text.RegularExpressions.Regex.Replace(pathAndQuery.Split('?')[0], "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}");

    private static string Normalize(string pem) => pem.ReplaceLineEndings("\n").Trim();
}
