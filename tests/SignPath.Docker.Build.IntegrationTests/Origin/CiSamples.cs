using SignPath.Docker.Build.SignPath.Origin;

namespace SignPath.Docker.Build.IntegrationTests.Origin;

/// <summary>
/// Each CI's predefined variables with sample values (names from each CI's documentation), and the origin the
/// package must send for them. <see cref="Isolated"/> blanks every CI marker first, so a test run inside a real CI
/// sees only the sample.
/// </summary>
internal static class CiSamples
{
    public const string Commit = "4f2c1b9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c";

    private static readonly string[] Markers = ["GITHUB_ACTIONS", "TF_BUILD", "GITLAB_CI", "JENKINS_URL", "TEAMCITY_VERSION"];

    public static readonly IReadOnlyDictionary<string, (Dictionary<string, string?> Variables, SigningRequestOrigin Expected)> All =
        new Dictionary<string, (Dictionary<string, string?>, SigningRequestOrigin)>
        {
            ["github"] = (
                new()
                {
                    ["GITHUB_ACTIONS"] = "true",
                    ["GITHUB_SERVER_URL"] = "https://github.com",
                    ["GITHUB_REPOSITORY"] = "contoso/hello-container",
                    ["GITHUB_SHA"] = Commit,
                    ["GITHUB_REF"] = "refs/heads/main",
                    ["GITHUB_HEAD_REF"] = string.Empty,
                    ["GITHUB_RUN_ID"] = "9876543210",
                },
                new()
                {
                    SourceControlManagementType = "git",
                    RepositoryUrl = "https://github.com/contoso/hello-container",
                    BranchName = "main",
                    CommitId = Commit,
                    BuildUrl = "https://github.com/contoso/hello-container/actions/runs/9876543210",
                }),
            ["azure"] = (
                new()
                {
                    ["TF_BUILD"] = "True",
                    ["BUILD_REPOSITORY_PROVIDER"] = "TfsGit",
                    ["BUILD_REPOSITORY_URI"] = "https://dev.azure.com/contoso/Containers/_git/hello-container",
                    ["BUILD_SOURCEVERSION"] = Commit,
                    ["BUILD_SOURCEBRANCH"] = "refs/heads/release/1.0",
                    ["BUILD_SOURCEBRANCHNAME"] = "1.0",
                    ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/contoso/",
                    ["SYSTEM_TEAMPROJECT"] = "Containers",
                    ["BUILD_BUILDID"] = "4711",
                },
                new()
                {
                    SourceControlManagementType = "git",
                    RepositoryUrl = "https://dev.azure.com/contoso/Containers/_git/hello-container",
                    BranchName = "release/1.0",
                    CommitId = Commit,
                    BuildUrl = "https://dev.azure.com/contoso/Containers/_build/results?buildId=4711",
                }),
            ["gitlab"] = (
                new()
                {
                    ["GITLAB_CI"] = "true",
                    ["CI_PROJECT_URL"] = "https://gitlab.example.com/contoso/hello-container",
                    ["CI_REPOSITORY_URL"] = "https://gitlab-ci-token:glcbt-64_jobtoken@gitlab.example.com/contoso/hello-container.git",
                    ["CI_COMMIT_SHA"] = Commit,
                    ["CI_COMMIT_BRANCH"] = "main",
                    ["CI_DEFAULT_BRANCH"] = "main",
                    ["CI_JOB_URL"] = "https://gitlab.example.com/contoso/hello-container/-/jobs/321",
                },
                new()
                {
                    SourceControlManagementType = "git",
                    RepositoryUrl = "https://gitlab.example.com/contoso/hello-container",
                    BranchName = "main",
                    CommitId = Commit,
                    BuildUrl = "https://gitlab.example.com/contoso/hello-container/-/jobs/321",
                }),
            ["jenkins"] = (
                new()
                {
                    ["JENKINS_URL"] = "https://jenkins.example.com/",
                    ["GIT_URL"] = "https://git.example.com/contoso/hello-container.git",
                    ["GIT_COMMIT"] = Commit,
                    ["GIT_BRANCH"] = "origin/main",
                    ["BUILD_URL"] = "https://jenkins.example.com/job/hello-container/12/",
                },
                new()
                {
                    SourceControlManagementType = "git",
                    RepositoryUrl = "https://git.example.com/contoso/hello-container.git",
                    BranchName = "main",
                    CommitId = Commit,
                    BuildUrl = "https://jenkins.example.com/job/hello-container/12/",
                }),
            ["teamcity"] = (
                new() { ["TEAMCITY_VERSION"] = "2025.03 (build 186049)", ["BUILD_VCS_NUMBER"] = Commit },
                new() { CommitId = Commit }),
        };

    /// <summary>Every CI marker blanked, then <paramref name="variables"/>.</summary>
    public static Dictionary<string, string?> Isolated(IReadOnlyDictionary<string, string?>? variables = null)
    {
        var environment = Markers.ToDictionary(name => name, _ => (string?)string.Empty);
        foreach (var (name, value) in variables ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        return environment;
    }
}
