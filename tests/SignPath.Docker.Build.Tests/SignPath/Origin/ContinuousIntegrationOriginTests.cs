using SignPath.Docker.Build.SignPath.Origin;
using Xunit;

namespace SignPath.Docker.Build.Tests.SignPath.Origin;

/// <summary>Each CI's documented predefined variables, with sample values, and the origin read from them.</summary>
public sealed class ContinuousIntegrationOriginTests
{
    private const string Sha = "4f2c1b9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c";

    [Fact]
    public void GitHub_Actions_push()
    {
        var detected = Detect(new()
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_REPOSITORY"] = "contoso/app",
            ["GITHUB_SHA"] = Sha,
            ["GITHUB_REF"] = "refs/heads/release/1.0",
            ["GITHUB_HEAD_REF"] = string.Empty,
            ["GITHUB_RUN_ID"] = "123456",
        });

        Assert.Equal("GitHub Actions", detected.System);
        Assert.Equal(
            new SigningRequestOrigin
            {
                SourceControlManagementType = "git",
                RepositoryUrl = "https://github.com/contoso/app",
                BranchName = "release/1.0",
                CommitId = Sha,
                BuildUrl = "https://github.com/contoso/app/actions/runs/123456",
            },
            detected.Origin);
    }

    [Fact]
    public void GitHub_Actions_pull_request_names_its_head_branch_and_a_tag_no_branch()
    {
        var pullRequest = Detect(new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_REF"] = "refs/pull/7/merge", ["GITHUB_HEAD_REF"] = "feature/x" });
        var tag = Detect(new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_REF"] = "refs/tags/v1.0" });

        Assert.Equal("feature/x", pullRequest.Origin.BranchName);
        Assert.Null(tag.Origin.BranchName);
    }

    [Fact]
    public void Azure_Pipelines()
    {
        var detected = Detect(new()
        {
            ["TF_BUILD"] = "True",
            ["BUILD_REPOSITORY_PROVIDER"] = "TfsGit",
            ["BUILD_REPOSITORY_URI"] = "https://dev.azure.com/contoso/Shop/_git/app",
            ["BUILD_SOURCEVERSION"] = Sha,
            ["BUILD_SOURCEBRANCH"] = "refs/heads/release/1.0",
            ["BUILD_SOURCEBRANCHNAME"] = "1.0",
            ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/contoso/",
            ["SYSTEM_TEAMPROJECT"] = "Online Shop",
            ["BUILD_BUILDID"] = "42",
        });

        Assert.Equal("Azure Pipelines", detected.System);
        Assert.Equal(
            new SigningRequestOrigin
            {
                SourceControlManagementType = "git",
                RepositoryUrl = "https://dev.azure.com/contoso/Shop/_git/app",
                BranchName = "release/1.0",
                CommitId = Sha,
                BuildUrl = "https://dev.azure.com/contoso/Online%20Shop/_build/results?buildId=42",
            },
            detected.Origin);
    }

    [Fact]
    public void Azure_Pipelines_pull_request_and_tfvc()
    {
        var pullRequest = Detect(new()
        {
            ["TF_BUILD"] = "True",
            ["BUILD_SOURCEBRANCH"] = "refs/pull/9/merge",
            ["SYSTEM_PULLREQUEST_SOURCEBRANCH"] = "refs/heads/feature/y",
        });
        var tfvc = Detect(new()
        {
            ["TF_BUILD"] = "True",
            ["BUILD_REPOSITORY_PROVIDER"] = "TfsVersionControl",
            ["BUILD_REPOSITORY_URI"] = "https://dev.azure.com/contoso/",
            ["BUILD_SOURCEVERSION"] = "1234",
        });

        Assert.Equal("feature/y", pullRequest.Origin.BranchName);
        Assert.Null(tfvc.Origin.RepositoryUrl);
        Assert.Null(tfvc.Origin.CommitId);
        Assert.Null(tfvc.Origin.SourceControlManagementType);
    }

    [Fact]
    public void GitLab_CI_uses_the_project_url_not_the_clone_url_with_the_job_token()
    {
        var detected = Detect(new()
        {
            ["GITLAB_CI"] = "true",
            ["CI_PROJECT_URL"] = "https://gitlab.example.com/group/app",
            ["CI_REPOSITORY_URL"] = "https://gitlab-ci-token:glcbt-secret@gitlab.example.com/group/app.git",
            ["CI_COMMIT_SHA"] = Sha,
            ["CI_COMMIT_BRANCH"] = "main",
            ["CI_JOB_URL"] = "https://gitlab.example.com/group/app/-/jobs/99",
            ["CI_PIPELINE_URL"] = "https://gitlab.example.com/group/app/-/pipelines/7",
        });

        Assert.Equal("GitLab CI", detected.System);
        Assert.Equal(
            new SigningRequestOrigin
            {
                SourceControlManagementType = "git",
                RepositoryUrl = "https://gitlab.example.com/group/app",
                BranchName = "main",
                CommitId = Sha,
                BuildUrl = "https://gitlab.example.com/group/app/-/jobs/99",
            },
            detected.Origin);
    }

    [Fact]
    public void GitLab_merge_request_names_its_source_branch()
    {
        var detected = Detect(new() { ["GITLAB_CI"] = "true", ["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"] = "feature/z" });

        Assert.Equal("feature/z", detected.Origin.BranchName);
    }

    [Fact]
    public void Jenkins_git_plugin_and_multibranch()
    {
        var freestyle = Detect(new()
        {
            ["JENKINS_URL"] = "https://jenkins.example.com/",
            ["GIT_URL"] = "https://git.example.com/app.git",
            ["GIT_COMMIT"] = Sha,
            ["GIT_BRANCH"] = "origin/release/1.0",
            ["BUILD_URL"] = "https://jenkins.example.com/job/app/5/",
        });
        var pullRequest = Detect(new() { ["JENKINS_URL"] = "https://j/", ["BRANCH_NAME"] = "PR-3", ["CHANGE_BRANCH"] = "feature/w" });
        var tag = Detect(new() { ["JENKINS_URL"] = "https://j/", ["BRANCH_NAME"] = "v1.0", ["TAG_NAME"] = "v1.0" });

        Assert.Equal("Jenkins", freestyle.System);
        Assert.Equal(
            new SigningRequestOrigin
            {
                SourceControlManagementType = "git",
                RepositoryUrl = "https://git.example.com/app.git",
                BranchName = "release/1.0",
                CommitId = Sha,
                BuildUrl = "https://jenkins.example.com/job/app/5/",
            },
            freestyle.Origin);
        Assert.Equal("feature/w", pullRequest.Origin.BranchName);
        Assert.Null(tag.Origin.BranchName);
    }

    [Fact]
    public void TeamCity_gives_the_revision_only()
    {
        var detected = Detect(new() { ["TEAMCITY_VERSION"] = "2025.03", ["BUILD_VCS_NUMBER"] = Sha });

        Assert.Equal("TeamCity", detected.System);
        Assert.Equal(new SigningRequestOrigin { CommitId = Sha }, detected.Origin);
    }

    [Fact]
    public void No_known_CI_is_nothing()
    {
        Assert.Null(ContinuousIntegrationOrigin.Detect(_ => null));
        Assert.Null(ContinuousIntegrationOrigin.Detect(name => name == "GITHUB_ACTIONS" ? "false" : null));
    }

    internal static ContinuousIntegrationOrigin Detect(Dictionary<string, string> variables)
    {
        var detected = ContinuousIntegrationOrigin.Detect(name => variables.GetValueOrDefault(name));
        Assert.NotNull(detected);
        return detected;
    }
}
