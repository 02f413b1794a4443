namespace SignPath.Docker.Build.SignPath.Origin;

/// <summary>What a CI system's predefined variables say about the build: its name and the origin fields it knows.</summary>
internal sealed record ContinuousIntegrationOrigin(string System, SigningRequestOrigin Origin)
{
    private const string Git = "git";

    /// <summary>The CI this build runs in, recognised by the variable each sets; null outside the ones known here.</summary>
    /// <param name="variable">Reads an environment variable (tests pass a dictionary).</param>
    public static ContinuousIntegrationOrigin? Detect(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Get(string name) => variable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        if (string.Equals(Get("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new("GitHub Actions", GitHubActions(Get));
        }

        if (string.Equals(Get("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new("Azure Pipelines", AzurePipelines(Get));
        }

        if (string.Equals(Get("GITLAB_CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new("GitLab CI", GitLab(Get));
        }

        if (Get("JENKINS_URL") is not null)
        {
            return new("Jenkins", Jenkins(Get));
        }

        return Get("TEAMCITY_VERSION") is not null ? new("TeamCity", TeamCity(Get)) : null;
    }

    // https://docs.github.com/actions/reference/variables-reference
    private static SigningRequestOrigin GitHubActions(Func<string, string?> get)
    {
        var server = (get("GITHUB_SERVER_URL") ?? "https://github.com").TrimEnd('/');
        var repository = get("GITHUB_REPOSITORY") is { } name ? $"{server}/{name}" : null;
        return WithGit(new SigningRequestOrigin
        {
            RepositoryUrl = repository,
            CommitId = get("GITHUB_SHA"),
            // A pull request's merge ref says nothing about the branch; its head branch is what was built.
            BranchName = get("GITHUB_HEAD_REF") ?? BranchOfRef(get("GITHUB_REF")),
            BuildUrl = repository is not null && get("GITHUB_RUN_ID") is { } run ? $"{repository}/actions/runs/{run}" : null,
        });
    }

    // https://learn.microsoft.com/azure/devops/pipelines/build/variables
    private static SigningRequestOrigin AzurePipelines(Func<string, string?> get)
    {
        var collection = get("SYSTEM_COLLECTIONURI");
        var project = get("SYSTEM_TEAMPROJECT");
        var build = get("BUILD_BUILDID");
        var buildUrl = collection is not null && project is not null && build is not null
            ? $"{collection.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build/results?buildId={Uri.EscapeDataString(build)}"
            : null;

        // TFVC and Subversion repositories have no git commit; their repository data is left to the properties.
        var provider = get("BUILD_REPOSITORY_PROVIDER");
        if (provider is not null && !IsGitProvider(provider))
        {
            return new SigningRequestOrigin { BuildUrl = buildUrl };
        }

        return WithGit(new SigningRequestOrigin
        {
            RepositoryUrl = get("BUILD_REPOSITORY_URI"),
            CommitId = get("BUILD_SOURCEVERSION"),
            // BUILD_SOURCEBRANCHNAME is only the last segment (release/1.0 → 1.0), so the full ref is used.
            BranchName = BranchOfRef(get("SYSTEM_PULLREQUEST_SOURCEBRANCH")) ?? BranchOfRef(get("BUILD_SOURCEBRANCH")),
            BuildUrl = buildUrl,
        });
    }

    // https://docs.gitlab.com/ci/variables/predefined_variables/ — CI_REPOSITORY_URL is not used: it holds the job token.
    private static SigningRequestOrigin GitLab(Func<string, string?> get) => WithGit(new SigningRequestOrigin
    {
        RepositoryUrl = get("CI_PROJECT_URL"),
        CommitId = get("CI_COMMIT_SHA"),
        BranchName = get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME") ?? get("CI_COMMIT_BRANCH"),
        BuildUrl = get("CI_JOB_URL") ?? get("CI_PIPELINE_URL"),
    });

    // Git plugin (GIT_URL, GIT_COMMIT, GIT_BRANCH = "origin/main") and multibranch pipelines (BRANCH_NAME, CHANGE_BRANCH).
    private static SigningRequestOrigin Jenkins(Func<string, string?> get)
    {
        var isTag = get("TAG_NAME") is not null;
        return WithGit(new SigningRequestOrigin
        {
            RepositoryUrl = get("GIT_URL"),
            CommitId = get("GIT_COMMIT"),
            BranchName = get("CHANGE_BRANCH") ?? (isTag ? null : get("BRANCH_NAME") ?? get("GIT_LOCAL_BRANCH") ?? RemoteBranch(get("GIT_BRANCH"))),
            BuildUrl = get("BUILD_URL"),
        });
    }

    // TeamCity puts only the revision into the environment; the server URL, build ID, VCS root URL and branch are
    // configuration parameters a build step can pass as properties (README).
    private static SigningRequestOrigin TeamCity(Func<string, string?> get) => new()
    {
        CommitId = get("BUILD_VCS_NUMBER"),
    };

    private static SigningRequestOrigin WithGit(SigningRequestOrigin origin) =>
        origin.RepositoryUrl is null && origin.CommitId is null ? origin : origin with { SourceControlManagementType = Git };

    private static bool IsGitProvider(string provider) =>
        provider.Equals("TfsGit", StringComparison.OrdinalIgnoreCase)
        || provider.Equals("Git", StringComparison.OrdinalIgnoreCase)
        || provider.StartsWith("GitHub", StringComparison.OrdinalIgnoreCase)
        || provider.StartsWith("Bitbucket", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>refs/heads/release/1.0</c> → <c>release/1.0</c>; other refs (tags, pull requests) are no branch.</summary>
    internal static string? BranchOfRef(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        const string Heads = "refs/heads/";
        return reference.StartsWith(Heads, StringComparison.Ordinal) ? reference[Heads.Length..]
            : reference.StartsWith("refs/", StringComparison.Ordinal) ? null
            : reference;
    }

    private static string? RemoteBranch(string? branch) =>
        branch is not null && branch.StartsWith("origin/", StringComparison.Ordinal) ? branch["origin/".Length..] : BranchOfRef(branch);
}
