using System.Text.Json.Serialization;

namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// The body of GET .../SigningRequests/{id}. Only the fields the client needs or reports; SignPath
/// sends more, and unknown fields are ignored.
/// </summary>
public sealed class SigningRequestStatus
{
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("isFinalStatus")]
    public bool IsFinalStatus { get; init; }

    [JsonPropertyName("workflowStatus")]
    public string? WorkflowStatus { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("projectSlug")]
    public string? ProjectSlug { get; init; }

    [JsonPropertyName("signingPolicySlug")]
    public string? SigningPolicySlug { get; init; }

    [JsonPropertyName("artifactConfigurationSlug")]
    public string? ArtifactConfigurationSlug { get; init; }

    [JsonPropertyName("signedArtifactLink")]
    public Uri? SignedArtifactLink { get; init; }

    [JsonPropertyName("unsignedArtifactLink")]
    public Uri? UnsignedArtifactLink { get; init; }

    [JsonPropertyName("parameters")]
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}
