using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.SignPath;
using static SignPath.Docker.Build.Tests.SignPath.SignPathTestData;

namespace SignPath.Docker.Build.Tests.SignPath;

public sealed class SigningPolicyKeyClientTests
{
    [Fact]
    public async Task The_key_is_read_from_the_certificate_with_one_request_per_build()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var handler = new FakeHttpMessageHandler().Then(HttpStatusCode.OK, Policies(Policy("containers", "release-signing", "EcDsa", Certificate(ecdsa), null)));
        using var client = Client(handler);
        using var keys = new SigningPolicyKeyClient(client, "containers", "release-signing", new RecordingProgressLog());

        var first = await keys.GetKeyAsync(CancellationToken.None);
        var second = await keys.GetKeyAsync(CancellationToken.None);

        Assert.Same(first, second);
        Assert.Equal(ecdsa.ExportSubjectPublicKeyInfoPem(), first.ExportPem());
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal($"https://signpath.test/Api/v1/{Organization}/Cryptoki/MySigningPolicies?projectSlug=containers&signingPolicySlug=release-signing", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + Token, request.Authorization);
    }

    [Fact]
    public async Task An_rsa_policy_without_certificate_is_read_from_its_pkcs1_public_key_bytes()
    {
        using var rsa = RSA.Create(2048);
        var handler = new FakeHttpMessageHandler().Then(HttpStatusCode.OK, Policies(Policy("containers", "release-signing", "Rsa", null, rsa.ExportRSAPublicKey())));
        using var client = Client(handler);
        using var keys = new SigningPolicyKeyClient(client, "containers", "release-signing", new RecordingProgressLog());

        var key = await keys.GetKeyAsync(CancellationToken.None);

        Assert.Equal(rsa.ExportSubjectPublicKeyInfoPem(), key.ExportPem());
    }

    [Fact]
    public async Task Another_policy_than_the_one_asked_for_is_never_used()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var handler = new FakeHttpMessageHandler().Then(HttpStatusCode.OK, Policies(Policy("containers", "test-signing", "EcDsa", Certificate(ecdsa), null)));
        using var client = Client(handler);
        using var keys = new SigningPolicyKeyClient(client, "containers", "release-signing", new RecordingProgressLog());

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => keys.GetKeyAsync(CancellationToken.None));

        Assert.Equal(ErrorCodes.SigningPolicyKeyUnavailable, error.Code);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"signingPolicies":{}}""")]
    [InlineData("""{"signingPolicies":[{"projectSlug":"containers","signingPolicySlug":"release-signing","certificateBytes":"bm90IGEgY2VydA=="}]}""")]
    [InlineData("""{"signingPolicies":[{"projectSlug":"containers","signingPolicySlug":"release-signing","keyType":"Rsa"}]}""")]
    public async Task Unusable_answers_are_SPD3013(string body)
    {
        var handler = new FakeHttpMessageHandler().Then(HttpStatusCode.OK, body);
        using var client = Client(handler);
        using var keys = new SigningPolicyKeyClient(client, "containers", "release-signing", new RecordingProgressLog());

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => keys.GetKeyAsync(CancellationToken.None));

        Assert.Equal(ErrorCodes.SigningPolicyKeyUnavailable, error.Code);
    }

    [Fact]
    public async Task A_503_is_retried_like_every_get()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var handler = new FakeHttpMessageHandler()
            .Then(HttpStatusCode.ServiceUnavailable)
            .Then(HttpStatusCode.OK, Policies(Policy("containers", "release-signing", "EcDsa", Certificate(ecdsa), null)));
        using var client = Client(handler);
        using var keys = new SigningPolicyKeyClient(client, "containers", "release-signing", new RecordingProgressLog());

        await keys.GetKeyAsync(CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
    }

    private static byte[] Certificate(ECDsa key)
    {
        using var certificate = new CertificateRequest("CN=policy", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.Export(X509ContentType.Cert);
    }

    private static string Policy(string project, string policy, string keyType, byte[]? certificate, byte[]? publicKey) =>
        $$"""{"signingPolicySlug":"{{policy}}","projectSlug":"{{project}}","signingPolicyId":"{{Guid.NewGuid()}}","keyType":"{{keyType}}","certificateType":"X509","certificateBytes":{{Base64(certificate)}},"publicKeyBytes":{{Base64(publicKey)}}}""";

    private static string Base64(byte[]? bytes) => bytes is null ? "null" : $"\"{Convert.ToBase64String(bytes)}\"";

    private static string Policies(params string[] policies) => $$"""{"signingPolicies":[{{string.Join(",", policies)}}]}""";
}
