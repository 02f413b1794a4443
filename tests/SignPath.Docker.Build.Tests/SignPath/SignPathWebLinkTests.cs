using SignPath.Docker.Build.SignPath;
using Xunit;

namespace SignPath.Docker.Build.Tests.SignPath;

public sealed class SignPathWebLinkTests
{
    private static readonly Guid Id = Guid.Parse("7e57d00d-1111-4222-8333-944455556666");

    [Theory]
    [InlineData("https://app.signpath.io/Api/", "https://app.signpath.io/Web/org/SigningRequests/7e57d00d-1111-4222-8333-944455556666")]
    [InlineData("https://app.signpath.io/api", "https://app.signpath.io/Web/org/SigningRequests/7e57d00d-1111-4222-8333-944455556666")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/Web/org/SigningRequests/7e57d00d-1111-4222-8333-944455556666")]
    [InlineData("https://proxy.example/signpath/Api/", "https://proxy.example/signpath/Web/org/SigningRequests/7e57d00d-1111-4222-8333-944455556666")]
    public void ReplacesTheApiSegmentWithWeb(string apiUrl, string expected)
    {
        Assert.Equal(expected, SignPathWebLink.For(new Uri(apiUrl), "org", Id).AbsoluteUri);
    }
}
