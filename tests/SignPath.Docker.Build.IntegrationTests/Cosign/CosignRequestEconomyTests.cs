using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Crypto;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.IntegrationTests.Registry;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Registry.Credentials;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.SignPath;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Cosign;

/// <summary>
/// Registry requests per cosign signature, counted by <see cref="RegistryClient.Statistics"/> against real
/// docker-registry 2.8 instances and signed by the real local signing service. Counts, never times.
/// </summary>
[Collection(RegistryRigDefinition.Name)]
public sealed class CosignRequestEconomyTests(RegistryRig rig, LocalSignerFixture signer, ITestOutputHelper output) : IClassFixture<LocalSignerFixture>
{
    /// <summary>GET .sig, POST+PUT payload, POST+PUT config, HEAD .sig (concurrent-writer check), PUT manifest.</summary>
    private const int RequestsPerSignature = 7;

    [Fact]
    public async Task A_signature_of_a_published_image_costs_at_most_seven_requests_on_an_anonymous_registry()
    {
        using var client = new RegistryClient(new RegistryClientOptions { GetEnvironmentVariable = _ => null });
        var image = await PushImageAsync(client, rig.Anonymous);
        client.Statistics.Reset();

        await SignAsync(client, [image with { KnownToExist = true }]);

        output.WriteLine($"first signature: {client.Statistics}");
        Assert.Equal(RequestsPerSignature, client.Statistics.Requests);
        Assert.Equal(1, client.Statistics.CountOf(HttpMethod.Head));

        // A second signature (another signing request) appends; the payload blob is already referenced.
        client.Statistics.Reset();
        await SignAsync(client, [image with { KnownToExist = true }]);
        output.WriteLine($"second signature: {client.Statistics}");
        Assert.True(client.Statistics.Requests <= RequestsPerSignature, client.Statistics.ToString());
    }

    [Fact]
    public async Task An_image_given_by_reference_costs_one_existence_check_more()
    {
        using var client = new RegistryClient(new RegistryClientOptions { GetEnvironmentVariable = _ => null });
        var image = await PushImageAsync(client, rig.Anonymous);
        client.Statistics.Reset();

        await SignAsync(client, [image]);

        output.WriteLine(client.Statistics.ToString());
        Assert.Equal(RequestsPerSignature + 1, client.Statistics.Requests);
    }

    [Fact]
    public async Task Basic_authentication_adds_one_challenge_per_build_not_per_signature()
    {
        using var client = new RegistryClient(new RegistryClientOptions
        {
            GetEnvironmentVariable = _ => null,
            Credentials = new Dictionary<string, RegistryCredentials> { [rig.Authenticated] = RegistryCredentials.WithPassword(RegistryRig.User, rig.Password) },
        });
        using var setup = new RegistryClient(new RegistryClientOptions
        {
            GetEnvironmentVariable = _ => null,
            Credentials = new Dictionary<string, RegistryCredentials> { [rig.Authenticated] = RegistryCredentials.WithPassword(RegistryRig.User, rig.Password) },
        });
        var images = new List<ImageToSign>();
        for (var i = 0; i < 3; i++)
        {
            images.Add(await PushImageAsync(setup, rig.Authenticated) with { KnownToExist = true });
        }

        await SignAsync(client, images);

        output.WriteLine($"3 signatures with basic auth: {client.Statistics}");
        Assert.Equal(1, client.Statistics.ConnectionFailures); // the https probe of the plain-http loopback registry
        Assert.Equal((RequestsPerSignature * images.Count) + 1, client.Statistics.Requests);
    }

    [Fact]
    public async Task Cosign_and_notary_together_check_each_manifest_once()
    {
        using var client = new RegistryClient(new RegistryClientOptions { GetEnvironmentVariable = _ => null });
        var images = new List<ImageToSign> { await PushImageAsync(client, rig.Anonymous), await PushImageAsync(client, rig.Anonymous) };
        client.Statistics.Reset();

        // What SignContainerImage does for ContainerSignatureFormats=cosign;notary: sizes for Notary first, then cosign.
        var resolved = await ImageManifestResolver.WithSizesOfTaggedAsync(client, images, 4, CancellationToken.None);
        await SignAsync(client, resolved);

        Assert.All(resolved, image => Assert.True(image.Size > 0));
        // One HEAD per image for its size (which also confirms it exists), plus one .sig re-check per signature.
        Assert.Equal(images.Count * 2, client.Statistics.CountOf(HttpMethod.Head));
    }

    [TlsRegistryFact]
    public async Task Signatures_go_over_http2_where_the_registry_offers_it()
    {
        using var client = new RegistryClient(new RegistryClientOptions { GetEnvironmentVariable = _ => null });
        var images = new List<ImageToSign> { await PushImageAsync(client, rig.Tls!), await PushImageAsync(client, rig.Tls!) };
        client.Statistics.Reset();

        await SignAsync(client, [.. images.Select(i => i with { KnownToExist = true })]);

        output.WriteLine(client.Statistics.ToString());
        Assert.Equal(RequestsPerSignature * images.Count, client.Statistics.Requests);
        Assert.Equal(client.Statistics.Requests, client.Statistics.CountOf(System.Net.HttpVersion.Version20));
    }

    private async Task SignAsync(RegistryClient client, IReadOnlyList<ImageToSign> images)
    {
        using var signPath = new SignPathClient(signer.Signer.CreateClientOptions(), NullProgressLog.Instance);
        var service = new SignPathArtifactSigningService(signPath, signer.Signer.ProjectSlug, signer.Signer.SigningPolicySlug);
        using var keys = SigningKeySource.Pinned(VerificationKey.FromPem(await File.ReadAllTextAsync(signer.Signer.CosignPublicKeyPath), "local signer"));
        var flow = new CosignSigningFlow(client, service, keys, NullProgressLog.Instance);
        var signed = await flow.SignAsync(images, new CosignSigningOptions(signer.Signer.CosignArtifactConfigurationSlug), CancellationToken.None);
        Assert.All(signed, s => Assert.True(s.Attachment.Added));
    }

    /// <summary>A config and a layer blob and the manifest over them, pushed by tag; the image to sign by digest.</summary>
    private static async Task<ImageToSign> PushImageAsync(RegistryClient client, string registry)
    {
        var repository = new RepositoryReference(registry, "economy/" + Guid.NewGuid().ToString("N")[..12]);
        var digest = await TestImages.PushTaggedAsync(client, repository, "1.0", Guid.NewGuid().ToByteArray(), TestImages.TarLayer);
        return new ImageToSign(repository, digest, ["1.0"]);
    }
}
