using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Registry.Http;
using Xunit;

namespace SignPath.Docker.Build.Tests.Registry;

public class AuthChallengeTests
{
    private static readonly InsecureRegistryPolicy NoInsecure = new([], null);

    [Fact]
    public void ParsesBearerWithQuotedCommasInScope()
    {
        var challenge = AuthChallenge.Parse("Bearer", "realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull,push\"");

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example.com/token", challenge.Realm);
        Assert.Equal("registry.example.com", challenge.Service);
        Assert.Equal("repository:a/b:pull,push", challenge.Scope);
    }

    [Fact]
    public void ParsesBasicWithRealmOnly()
    {
        var challenge = AuthChallenge.Parse("Basic", "realm=\"signpath-test\"");

        Assert.True(challenge.IsBasic);
        Assert.Null(challenge.Scope);
    }

    [Theory]
    [InlineData("service=\"x\"")]
    [InlineData("realm=\"https://unterminated")]
    public void RejectsMalformedBearer(string parameters)
    {
        var ex = Assert.Throws<SignPathDockerException>(() => AuthChallenge.Parse("Bearer", parameters));

        Assert.Equal(ErrorCodes.InvalidAuthChallenge, ex.Code);
    }

    [Fact]
    public void AcceptsHttpsRealmOnAnotherHost()
    {
        var realm = new AuthChallenge("Bearer", "https://auth.example.com/token", null, null).ValidateRealm(new Uri("https://registry.example.com/v2/"), NoInsecure);

        Assert.Equal("auth.example.com", realm.Host);
    }

    [Theory]
    [InlineData("http://auth.example.com/token")]
    [InlineData("/token")]
    [InlineData("ftp://auth.example.com/token")]
    [InlineData("file:///etc/passwd")]
    public void RefusesRealmsThatWouldLeakCredentials(string realm)
    {
        var challenge = new AuthChallenge("Bearer", realm, null, null);

        var ex = Assert.Throws<SignPathDockerException>(() => challenge.ValidateRealm(new Uri("https://registry.example.com/v2/"), NoInsecure));

        Assert.Equal(ErrorCodes.InvalidAuthChallenge, ex.Code);
    }

    [Theory]
    [InlineData("https://127.0.0.1:5000/v2/")]
    [InlineData("https://localhost:5000/v2/")]
    [InlineData("https://registry.internal:5000/v2/")]
    public void AllowsHttpRealmForLoopbackAndInsecureRegistries(string registry)
    {
        var policy = new InsecureRegistryPolicy([], "other.example.com;registry.internal:5000");

        var realm = new AuthChallenge("Bearer", "http://127.0.0.1:5001/auth", null, null).ValidateRealm(new Uri(registry), policy);

        Assert.Equal(Uri.UriSchemeHttp, realm.Scheme);
    }

    [Theory]
    [InlineData("localhost:5000", true)]
    [InlineData("127.1.2.3:80", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("registry.internal", true)]
    [InlineData("registry.internal:443", true)]
    [InlineData("example.com:5000", false)]
    [InlineData("127.0.0.1.example.com", false)]
    public void InsecurePolicyCoversLoopbackAndTheList(string authority, bool allowed)
    {
        var policy = new InsecureRegistryPolicy(["registry.internal"], null);

        Assert.Equal(allowed, policy.AllowsHttp(authority));
    }
}
