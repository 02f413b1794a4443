using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.SignPath;
using Xunit;

namespace SignPath.Docker.Build.Tests.SignPath;

public sealed class SignPathParametersTests
{
    [Fact]
    public void Names_are_trimmed_and_values_kept_as_given()
    {
        var parameters = SignPathParameters.From([new(" tag ", "1.0"), new("release.channel", string.Empty)]);

        Assert.Equal(new Dictionary<string, string> { ["tag"] = "1.0", ["release.channel"] = string.Empty }, parameters);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("quo\"te")]
    [InlineData("line\nbreak")]
    [InlineData("tä")]
    public void Unusable_names_are_refused(string name)
    {
        var error = Assert.Throws<SignPathDockerException>(() => SignPathParameters.From([new(name, "x")]));

        Assert.Equal(ErrorCodes.InvalidSignPathParameter, error.Code);
    }

    [Fact]
    public void A_name_given_twice_is_refused()
    {
        var error = Assert.Throws<SignPathDockerException>(() => SignPathParameters.From([new("tag", "1"), new("TAG", "2")]));

        Assert.Equal(ErrorCodes.InvalidSignPathParameter, error.Code);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }
}
