using SignPath.Docker.Build.SignPath.Origin;
using Xunit;

namespace SignPath.Docker.Build.Tests.SignPath.Origin;

public sealed class SigningRequestOriginResolverTests
{
    private static readonly SigningRequestOrigin SourceControl = new()
    {
        SourceControlManagementType = "git",
        RepositoryUrl = "https://git.example.com/checkout.git",
        BranchName = "checkout-branch",
        CommitId = "1111111111111111111111111111111111111111",
    };

    private static readonly Dictionary<string, string> GitLab = new()
    {
        ["GITLAB_CI"] = "true",
        ["CI_PROJECT_URL"] = "https://gitlab.example.com/group/app",
        ["CI_COMMIT_SHA"] = "2222222222222222222222222222222222222222",
        ["CI_JOB_URL"] = "https://gitlab.example.com/group/app/-/jobs/1",
    };

    [Fact]
    public void Properties_win_over_the_CI_which_wins_over_source_control_field_by_field()
    {
        var resolved = SigningRequestOriginResolver.Resolve(
            new SigningRequestOrigin { CommitId = "3333333333333333333333333333333333333333" },
            SourceControl,
            name => GitLab.GetValueOrDefault(name));

        Assert.Equal("GitLab CI", resolved.ContinuousIntegration);
        Assert.False(resolved.CredentialsRemoved);
        Assert.Equal(
            new SigningRequestOrigin
            {
                SourceControlManagementType = "git",
                RepositoryUrl = "https://gitlab.example.com/group/app",
                BranchName = "checkout-branch",
                CommitId = "3333333333333333333333333333333333333333",
                BuildUrl = "https://gitlab.example.com/group/app/-/jobs/1",
            },
            resolved.Origin);
    }

    [Fact]
    public void Outside_a_CI_source_control_is_used_and_credentials_are_removed()
    {
        var resolved = SigningRequestOriginResolver.Resolve(
            new SigningRequestOrigin { BuildUrl = "https://ci:pw@ci.example.com/build/1" },
            SourceControl with { RepositoryUrl = "https://user:token@git.example.com/checkout.git" },
            _ => null);

        Assert.Null(resolved.ContinuousIntegration);
        Assert.True(resolved.CredentialsRemoved);
        Assert.Equal("https://git.example.com/checkout.git", resolved.Origin.RepositoryUrl);
        Assert.Equal("https://ci.example.com/build/1", resolved.Origin.BuildUrl);
        Assert.DoesNotContain("token", resolved.Origin.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_known_sends_nothing_and_a_type_alone_is_dropped()
    {
        var resolved = SigningRequestOriginResolver.Resolve(SigningRequestOrigin.None, new SigningRequestOrigin { SourceControlManagementType = "git" }, _ => null);

        Assert.True(resolved.Origin.IsEmpty);
        Assert.Empty(resolved.Origin.Fields);
    }

    [Fact]
    public void A_source_control_type_without_url_or_commit_does_not_name_the_CIs_commit()
    {
        var resolved = SigningRequestOriginResolver.Resolve(
            SigningRequestOrigin.None,
            new SigningRequestOrigin { SourceControlManagementType = "git" },
            name => name switch { "TEAMCITY_VERSION" => "2025.03", "BUILD_VCS_NUMBER" => "abc123", _ => null });

        Assert.Equal(new SigningRequestOrigin { CommitId = "abc123" }, resolved.Origin);
    }

    [Fact]
    public void Fields_are_named_as_SignPath_reads_them_and_read_back()
    {
        var origin = SourceControl with { BuildUrl = "https://ci.example.com/1" };

        var fields = origin.Fields.ToDictionary(f => f.Key, f => f.Value);

        Assert.Equal(
            ["Origin.RepositoryData.SourceControlManagementType", "Origin.RepositoryData.Url", "Origin.RepositoryData.BranchName", "Origin.RepositoryData.CommitId", "Origin.BuildData.Url"],
            fields.Keys);
        Assert.Equal(origin, SigningRequestOrigin.FromFields(name => fields.GetValueOrDefault(name)));
    }
}
