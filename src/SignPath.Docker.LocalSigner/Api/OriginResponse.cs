using System.Text.Json.Serialization;
using SignPath.Docker.Build.SignPath.Origin;

namespace SignPath.Docker.LocalSigner.Api;

/// <summary>The "origin" of GET .../SigningRequests/{id} as SignPath shapes it (repositoryData, buildData); unknown fields are left out.</summary>
public sealed class OriginResponse
{
    [JsonPropertyName("repositoryData")]
    public required RepositoryDataResponse RepositoryData { get; init; }

    [JsonPropertyName("buildData")]
    public required BuildDataResponse BuildData { get; init; }

    public static OriginResponse? From(SigningRequestOrigin origin) => origin.IsEmpty
        ? null
        : new OriginResponse
        {
            RepositoryData = new RepositoryDataResponse
            {
                SourceControlManagementType = origin.SourceControlManagementType,
                Url = origin.RepositoryUrl,
                BranchName = origin.BranchName,
                CommitId = origin.CommitId,
            },
            BuildData = new BuildDataResponse { Url = origin.BuildUrl },
        };
}

public sealed class RepositoryDataResponse
{
    [JsonPropertyName("sourceControlManagementType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SourceControlManagementType { get; init; }

    [JsonPropertyName("url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    [JsonPropertyName("branchName")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BranchName { get; init; }

    [JsonPropertyName("commitId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CommitId { get; init; }
}

public sealed class BuildDataResponse
{
    [JsonPropertyName("url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }
}
