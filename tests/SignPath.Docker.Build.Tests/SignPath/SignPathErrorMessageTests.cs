using SignPath.Docker.Build.SignPath;
using Xunit;

namespace SignPath.Docker.Build.Tests.SignPath;

public sealed class SignPathErrorMessageTests
{
    [Fact]
    public void PlainTextIsKept()
    {
        Assert.Equal("Project not found", SignPathErrorMessage.Extract("  Project not found \n"));
    }

    [Fact]
    public void ProblemDetailsGiveTitleAndDetail()
    {
        var message = SignPathErrorMessage.Extract("""{"type":"x","title":"Bad Request","status":400,"detail":"No project 'p'."}""");
        Assert.Equal("Bad Request No project 'p'.", message);
    }

    [Fact]
    public void ValidationErrorsAreListed()
    {
        var message = SignPathErrorMessage.Extract("""{"title":"Invalid","errors":{"ProjectSlug":["is required","is too short"]}}""");
        Assert.Equal("Invalid ProjectSlug: is required; is too short", message);
    }

    [Fact]
    public void BrokenJsonFallsBackToTheText()
    {
        Assert.Equal("{not json", SignPathErrorMessage.Extract("{not json"));
    }

    [Fact]
    public void EmptyBodyIsSaidSo()
    {
        Assert.Equal("(empty response body)", SignPathErrorMessage.Extract(""));
    }
}
