using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry.Credentials;
using Xunit;

namespace SignPath.Docker.Build.Tests.Registry;

public sealed class RegistryCredentialResolverTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spd-creds-").FullName;
    private readonly Dictionary<string, string?> _environment = new(StringComparer.Ordinal);

    public RegistryCredentialResolverTests()
    {
        _environment["DOCKER_CONFIG"] = _dir;
        _environment["PATH"] = _dir;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ExplicitCredentialsWinOverEverything()
    {
        _environment["DOTNET_CONTAINER_REGISTRY_UNAME"] = "env";
        _environment["DOTNET_CONTAINER_REGISTRY_PWORD"] = "envpw";
        var resolver = Resolver(new() { ["localhost:5000"] = RegistryCredentials.WithPassword("cfg", "cfgpw") });

        var credentials = await resolver.GetCredentialsAsync("localhost:5000", default);

        Assert.Equal(("cfg", "cfgpw"), (credentials!.Username, credentials.Password));
    }

    [Theory]
    [InlineData("DOTNET_CONTAINER_PUSH_REGISTRY_UNAME", "DOTNET_CONTAINER_PUSH_REGISTRY_PWORD")]
    [InlineData("DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD")]
    [InlineData("SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD")]
    public async Task EnvironmentUserAndPasswordComeNext(string user, string password)
    {
        _environment[user] = "alice";
        _environment[password] = "s3cret";
        WriteConfig("""{"auths":{"localhost:5000":{"auth":"Ym9iOnB3"}}}""");

        var credentials = await Resolver().GetCredentialsAsync("localhost:5000", default);

        Assert.Equal(("alice", "s3cret"), (credentials!.Username, credentials.Password));
        Assert.Equal($"{user}/{password}", credentials.Source);
    }

    [Fact]
    public async Task ThePushVariablesWinOverTheGenericOnesAndThePullOnesAreNotRead()
    {
        // The SDK's push order (AuthHandshakeMessageHandler, RegistryMode.Push); the pull variables are for the base image.
        _environment["DOTNET_CONTAINER_PULL_REGISTRY_UNAME"] = "puller";
        _environment["DOTNET_CONTAINER_PULL_REGISTRY_PWORD"] = "pullpw";
        _environment["DOTNET_CONTAINER_REGISTRY_UNAME"] = "generic";
        _environment["DOTNET_CONTAINER_REGISTRY_PWORD"] = "genericpw";
        _environment["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = "pusher";
        _environment["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = "pushpw";

        var credentials = await Resolver().GetCredentialsAsync("localhost:5000", default);

        Assert.Equal(("pusher", "pushpw"), (credentials!.Username, credentials.Password));
    }

    [Fact]
    public async Task RegistryAuthIsBase64UserColonPassword()
    {
        _environment["REGISTRY_AUTH"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("carol:pa:ss"));

        var credentials = await Resolver().GetCredentialsAsync("localhost:5000", default);

        Assert.Equal(("carol", "pa:ss"), (credentials!.Username, credentials.Password));
    }

    [Fact]
    public async Task MalformedRegistryAuthFailsWithoutEchoingIt()
    {
        _environment["REGISTRY_AUTH"] = "not-base64-secret!";

        var ex = await Assert.ThrowsAsync<SignPathDockerException>(() => Resolver().GetCredentialsAsync("localhost:5000", default));

        Assert.DoesNotContain("not-base64-secret", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"auths":{"localhost:5000":{"auth":"Ym9iOnB3"}}}""", "bob", "pw")]
    [InlineData("""{"auths":{"https://localhost:5000/v2/":{"username":"bob","password":"pw"}}}""", "bob", "pw")]
    [InlineData("""{"auths":{"localhost:5000":{"identitytoken":"idtok"}}}""", "<token>", null)]
    public async Task DockerConfigAuths(string config, string user, string? password)
    {
        WriteConfig(config);

        var credentials = await Resolver().GetCredentialsAsync("localhost:5000", default);

        Assert.Equal((user, password), (credentials!.Username, credentials.Password));
        Assert.Equal(password is null, credentials.HasIdentityToken);
    }

    [Fact]
    public async Task DockerHubIsFoundUnderItsLoginKey()
    {
        WriteConfig("""{"auths":{"https://index.docker.io/v1/":{"auth":"aHViOmh1YnB3"}}}""");

        var credentials = await Resolver().GetCredentialsAsync("docker.io", default);

        Assert.Equal(("hub", "hubpw"), (credentials!.Username, credentials.Password));
    }

    [SkippableUnixFact]
    public async Task CredHelperForTheHostWinsOverAuthsAndGetsTheServerOnStdin()
    {
        WriteHelper("fake");
        WriteConfig("""{"credHelpers":{"localhost:5000":"fake"},"auths":{"localhost:5000":{"auth":"Ym9iOnB3"}}}""");

        var credentials = await Resolver().GetCredentialsAsync("localhost:5000", default);

        Assert.Equal(("user-for-localhost:5000", "helper-secret"), (credentials!.Username, credentials.Password));
    }

    [SkippableUnixFact]
    public async Task CredsStoreIsTheLastResortAndUsesDockerHubLoginUrl()
    {
        WriteHelper("store");
        WriteConfig("""{"credsStore":"store","auths":{"other:1":{"auth":"Ym9iOnB3"}}}""");

        var credentials = await Resolver().GetCredentialsAsync("docker.io", default);

        Assert.Equal(("user-for-https://index.docker.io/v1/", "helper-secret"), (credentials!.Username, credentials.Password));
    }

    [SkippableUnixFact]
    public async Task HelperWithoutCredentialsMeansAnonymous()
    {
        WriteHelper("empty", found: false);
        WriteConfig("""{"credsStore":"empty"}""");

        Assert.Null(await Resolver().GetCredentialsAsync("localhost:5000", default));
    }

    [Fact]
    public async Task NothingConfiguredMeansAnonymous()
    {
        Assert.Null(await Resolver().GetCredentialsAsync("localhost:5000", default));
    }

    [Fact]
    public void ToStringHidesTheSecret()
    {
        Assert.DoesNotContain("hunter2", RegistryCredentials.WithPassword("u", "hunter2").ToString(), StringComparison.Ordinal);
    }

    private RegistryCredentialResolver Resolver(Dictionary<string, RegistryCredentials>? explicitCredentials = null) =>
        new(explicitCredentials ?? new Dictionary<string, RegistryCredentials>(), name => _environment.GetValueOrDefault(name));

    private void WriteConfig(string json) => File.WriteAllText(Path.Combine(_dir, "config.json"), json);

    /// <summary>A docker-credential-&lt;name&gt; that answers like the real helpers, echoing the server it was asked for.</summary>
    private void WriteHelper(string name, bool found = true)
    {
        var path = Path.Combine(_dir, "docker-credential-" + name);
        var script = found
            ? "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nread -r server\nprintf '{\"ServerURL\":\"%s\",\"Username\":\"user-for-%s\",\"Secret\":\"helper-secret\"}\\n' \"$server\" \"$server\"\n"
            : "#!/bin/sh\necho 'credentials not found in native keychain'\nexit 1\n";
        File.WriteAllText(path, script);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
