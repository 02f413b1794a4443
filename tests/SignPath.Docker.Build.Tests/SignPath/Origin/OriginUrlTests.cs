using SignPath.Docker.Build.SignPath.Origin;
using Xunit;

namespace SignPath.Docker.Build.Tests.SignPath.Origin;

public sealed class OriginUrlTests
{
    [Theory]
    [InlineData("https://gitlab-ci-token:glcbt-64_secret@gitlab.example.com/group/app.git", "https://gitlab.example.com/group/app.git")]
    [InlineData("https://x-access-token:ghs_secret@github.com/owner/app", "https://github.com/owner/app")]
    [InlineData("https://org@dev.azure.com/org/project/_git/app", "https://dev.azure.com/org/project/_git/app")]
    [InlineData("https://user:p%40ss@host:8443/r.git", "https://host:8443/r.git")]
    [InlineData("ssh://git:secret@host/r.git", "ssh://host/r.git")]
    [InlineData("https://github.com/owner/app", "https://github.com/owner/app")]
    [InlineData("https://host/path@with-at", "https://host/path@with-at")]
    [InlineData("git@github.com:owner/app.git", "git@github.com:owner/app.git")]
    [InlineData("user:secret@host:owner/app.git", "host:owner/app.git")]
    [InlineData("  https://a:b@host/x  ", "https://host/x")]
    public void Credentials_are_removed_and_everything_else_kept(string url, string expected) =>
        Assert.Equal(expected, OriginUrl.WithoutCredentials(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_is_no_url(string? url) => Assert.Null(OriginUrl.WithoutCredentials(url));
}
