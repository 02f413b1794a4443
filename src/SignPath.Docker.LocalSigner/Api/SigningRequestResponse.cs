using System.Text.Json.Serialization;

namespace SignPath.Docker.LocalSigner.Api;

/// <summary>GET .../SigningRequests/{id}, shaped like SignPath's answer; <see cref="LocalSignerReason"/> is our addition.</summary>
public sealed class SigningRequestResponse
{
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("isFinalStatus")]
    public required bool IsFinalStatus { get; init; }

    [JsonPropertyName("workflowStatus")]
    public required string WorkflowStatus { get; init; }

    [JsonPropertyName("projectSlug")]
    public required string ProjectSlug { get; init; }

    [JsonPropertyName("signingPolicySlug")]
    public required string SigningPolicySlug { get; init; }

    [JsonPropertyName("artifactConfigurationSlug")]
    public required string ArtifactConfigurationSlug { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("signedArtifactLink")]
    public required string SignedArtifactLink { get; init; }

    [JsonPropertyName("unsignedArtifactLink")]
    public required string UnsignedArtifactLink { get; init; }

    [JsonPropertyName("parameters")]
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Null when the request carried no origin field (SignPath leaves "origin" out then).</summary>
    [JsonPropertyName("origin")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OriginResponse? Origin { get; init; }

    /// <summary>Why it failed or was denied; SignPath shows this only in its web UI.</summary>
    [JsonPropertyName("localSignerReason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LocalSignerReason { get; init; }
}
