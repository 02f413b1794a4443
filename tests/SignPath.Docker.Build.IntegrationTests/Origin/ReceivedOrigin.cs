using System.Text.Json;
using SignPath.Docker.Build.SignPath.Origin;

namespace SignPath.Docker.Build.IntegrationTests.Origin;

/// <summary>The "origin" of a request in the local signing service's listing, read back as the package's record.</summary>
internal static class ReceivedOrigin
{
    public static SigningRequestOrigin Of(JsonElement request)
    {
        if (!request.TryGetProperty("origin", out var origin))
        {
            return SigningRequestOrigin.None;
        }

        var repository = origin.GetProperty("repositoryData");
        var build = origin.GetProperty("buildData");
        return new SigningRequestOrigin
        {
            SourceControlManagementType = Text(repository, "sourceControlManagementType"),
            RepositoryUrl = Text(repository, "url"),
            BranchName = Text(repository, "branchName"),
            CommitId = Text(repository, "commitId"),
            BuildUrl = Text(build, "url"),
        };
    }

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;
}
