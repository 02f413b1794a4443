using System.Security.Cryptography;
using SignPath.Docker.Build.IntegrationTests.Faults;
using SignPath.Docker.Build.IntegrationTests.Registry;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Registry.Credentials;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// `dotnet publish -t:PublishContainer -p:SignContainer=true` into a registry with bearer-token auth (the flow of Docker
/// Hub, GHCR and ACR): a real docker-registry with <c>auth: token</c> and the test rig's token service, which lets only
/// the user in DOTNET_CONTAINER_REGISTRY_UNAME/PWORD push. The .NET SDK and the package read those variables; every
/// token request of the build passes the <see cref="FaultProxy"/>, which tells the package's (its User-Agent) from the
/// SDK's. Signatures are checked without our code (verify-cosign.sh, scripts/verify/*.mjs) through anonymous pull tokens.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class TokenRegistryPublishTests(PublishRig rig, ITestOutputHelper output) : IAsyncLifetime
{
    private const string User = "token-publisher";
    private readonly string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private TokenRegistryRig? tokenRig;

    private TokenRegistryRig Tokens => tokenRig!;

    /// <summary>The registry as the SDK addresses it (it falls back to HTTP for localhost only).</summary>
    private string Registry => PublishRig.ForSdk(Tokens.Registry);

    private readonly string dockerConfig = Directory.CreateTempSubdirectory("spd-token-docker-config-").FullName;

    /// <summary>
    /// The environment that hands the registry user to the SDK and the package: "variables" DOTNET_CONTAINER_REGISTRY_*;
    /// "push-and-pull-variables" DOTNET_CONTAINER_PUSH_REGISTRY_* and _PULL_REGISTRY_* (the SDK reads the generic ones
    /// only without them; the base image comes from the same registry); "docker-config" a config.json under
    /// DOCKER_CONFIG with the user in "auths", as `docker login` writes it.
    /// </summary>
    private Dictionary<string, string?> Credentials(string source)
    {
        Dictionary<string, string?> Variables(params string[] prefixes) =>
            prefixes.SelectMany(p => new[] { ($"{p}_UNAME", User), ($"{p}_PWORD", password) }).ToDictionary(v => v.Item1, v => (string?)v.Item2);

        switch (source)
        {
            case "variables":
                return Variables("DOTNET_CONTAINER_REGISTRY");
            case "push-and-pull-variables":
                return Variables("DOTNET_CONTAINER_PUSH_REGISTRY", "DOTNET_CONTAINER_PULL_REGISTRY");
            case "docker-config":
                var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{password}"));
                File.WriteAllText(Path.Combine(dockerConfig, "config.json"), System.Text.Json.JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [Registry] = new { auth } } }));
                return new() { ["DOCKER_CONFIG"] = dockerConfig };
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, null);
        }
    }

    public async Task InitializeAsync()
    {
        tokenRig = await TokenRegistryRig.StartAsync((User, password));
        var work = Directory.CreateTempSubdirectory("spd-token-base-").FullName;
        try
        {
            await PublishRig.PushBaseImage(work, Registry, "--dest-tls-verify=false", $"--dest-creds={User}:{password}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        Tokens.TokenProxy.Reset();
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(dockerConfig, recursive: true);
        if (tokenRig is not null)
        {
            await tokenRig.DisposeAsync();
        }
    }

    [Fact]
    public async Task Publish_signs_with_cosign_after_push_on_a_token_auth_registry()
    {
        var pullTokens = new TokenReadingHandler(Tokens.Tokens.Url);
        using var registry = new IndependentRegistryReader(Registry, handler: pullTokens);
        var repository = "token/after-push";

        var digest = await PublishAsync(registry, repository, [.. UserProject.SigningProperties(rig.Signer), $"-p:CosignPublicKey={rig.Signer.CosignPublicKeyPath}"]);

        var pull = await pullTokens.TokenAsync($"repository:{repository}:pull");
        Assert.Contains("1 of 1 signature(s)", await registry.VerifyCosignAsync(repository, digest, rig.Signer.CosignPublicKeyPath, pull), StringComparison.Ordinal);
        AssertTokenFetches($"repository:{repository}:pull", $"repository:{repository}:pull,push");
    }

    [Fact]
    public async Task Publish_signs_before_push_with_notation_and_cosign_on_a_token_auth_registry()
    {
        using var registry = new IndependentRegistryReader(Registry, handler: new TokenReadingHandler(Tokens.Tokens.Url));
        var repository = "token/before-push";

        var digest = await PublishAsync(registry, repository, BeforePushSigning.Properties(rig.Signer));

        await BeforePushSigning.AssertSignedAsync(registry, repository, digest);
        var verified = await BeforePushSigning.VerifyWithNodeAsync(registry, repository, digest, rig.Signer);
        output.WriteLine(verified);
        Assert.Contains("notation signature verified", verified, StringComparison.Ordinal);
        Assert.Contains("cosign bundle verified", verified, StringComparison.Ordinal);
        AssertTokenFetches(
            $"repository:{repository}:pull",
            $"repository:{repository}:pull,push repository:base:pull", // the base image's layers are mounted, not uploaded
            $"repository:{repository}:pull,push");
    }

    [Theory]
    [InlineData("push-and-pull-variables")]
    [InlineData("docker-config")]
    public async Task The_credentials_the_SDK_pushes_with_serve_the_package_too(string source)
    {
        var pullTokens = new TokenReadingHandler(Tokens.Tokens.Url);
        using var registry = new IndependentRegistryReader(Registry, handler: pullTokens);
        var repository = "token/" + source;

        var digest = await PublishAsync(
            registry,
            repository,
            [.. UserProject.SigningProperties(rig.Signer), $"-p:CosignPublicKey={rig.Signer.CosignPublicKeyPath}"],
            source);

        var pull = await pullTokens.TokenAsync($"repository:{repository}:pull");
        Assert.Contains("1 of 1 signature(s)", await registry.VerifyCosignAsync(repository, digest, rig.Signer.CosignPublicKeyPath, pull), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_registry_password_is_refused_by_the_token_service_with_SPD2002_and_nothing_is_pushed()
    {
        var repository = "token/wrong-password";
        using var registry = new IndependentRegistryReader(Registry, handler: new TokenReadingHandler(Tokens.Tokens.Url));
        var credentials = new Dictionary<string, RegistryCredentials> { [Tokens.Registry] = RegistryCredentials.WithPassword(User, password) };
        string digest;
        using (var client = new RegistryClient(new RegistryClientOptions { Credentials = credentials }))
        {
            digest = await TestImages.PushTaggedAsync(client, new RepositoryReference(Tokens.Registry, repository), "1.0");
        }

        Tokens.TokenProxy.Reset();
        using var project = new UserProject(rig);
        const string wrong = "not-the-registry-password";

        var result = await project.SignAsync(
            [.. UserProject.SigningProperties(rig.Signer), $"-p:ContainerImageReference={Registry}/{repository}:1.0"],
            new Dictionary<string, string?> { ["DOTNET_CONTAINER_REGISTRY_UNAME"] = User, ["DOTNET_CONTAINER_REGISTRY_PWORD"] = wrong });
        output.WriteLine(result.ToString());

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.HasError("SPD2002"), result.ToString());
        Assert.Contains("refused the credentials from DOTNET_CONTAINER_REGISTRY_UNAME/DOTNET_CONTAINER_REGISTRY_PWORD", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, result.Output, StringComparison.Ordinal);
        var refused = Assert.Single(Tokens.TokenProxy.Requests); // a 401 is an answer, not a fault to retry
        Assert.Equal(401, refused.Status);
        Assert.False(await registry.CosignSignatureExistsAsync(repository, digest));
    }

    /// <summary>Publishes <paramref name="repository"/>:1.0 and :latest as the registry's user; the digest both tags name.</summary>
    private async Task<string> PublishAsync(IndependentRegistryReader registry, string repository, IEnumerable<string> signing, string credentials = "variables")
    {
        using var project = new UserProject(rig);
        var published = await project.PublishAsync(
            [.. UserProject.ContainerProperties(Registry, repository), .. signing, "-v:n"],
            Credentials(credentials));
        output.WriteLine(published.ToString());

        Assert.True(published.ExitCode == 0, published.ToString());
        Assert.DoesNotContain(password, published.Output, StringComparison.Ordinal);
        var digest = await registry.DigestOfAsync(repository, "1.0");
        Assert.NotNull(digest);
        Assert.Equal(digest, await registry.DigestOfAsync(repository, "latest"));
        return digest;
    }

    /// <summary>
    /// The package's token requests in the build (the SDK's carry no User-Agent of ours): each answered, and each scope
    /// fetched once in the whole build. Before push the blob uploads run in parallel (four at a time), so this also shows
    /// that concurrent requests for one scope wait for one shared fetch; the cached token serves every later request.
    /// </summary>
    private void AssertTokenFetches(params string[] scopes)
    {
        var requests = Tokens.TokenProxy.Requests;
        foreach (var request in requests)
        {
            output.WriteLine($"{request} {request.Scope} [{request.UserAgent}]");
        }

        var ours = requests.Where(r => r.UserAgent.StartsWith("SignPath.Docker.Build/", StringComparison.Ordinal)).ToList();
        output.WriteLine($"token requests: {requests.Count} in the build, {ours.Count} of them the package's");
        Assert.All(ours, r => Assert.Equal(200, r.Status));
        Assert.Equal(scopes.Order(StringComparer.Ordinal), ours.Select(r => r.Scope).Order(StringComparer.Ordinal));
    }
}
