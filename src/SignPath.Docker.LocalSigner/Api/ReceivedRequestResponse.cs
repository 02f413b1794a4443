using System.Text.Json.Serialization;

namespace SignPath.Docker.LocalSigner.Api;

/// <summary>One entry of GET /_localsigner/requests, so tests can assert what was submitted.</summary>
public sealed class ReceivedRequestResponse
{
    [JsonPropertyName("id")]
    public required Guid Id { get; init; }

    [JsonPropertyName("organizationId")]
    public required string OrganizationId { get; init; }

    [JsonPropertyName("projectSlug")]
    public required string ProjectSlug { get; init; }

    [JsonPropertyName("signingPolicySlug")]
    public required string SigningPolicySlug { get; init; }

    [JsonPropertyName("artifactConfigurationSlug")]
    public required string ArtifactConfigurationSlug { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("parameters")]
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Null when the request carried no origin field (SignPath leaves "origin" out then).</summary>
    [JsonPropertyName("origin")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OriginResponse? Origin { get; init; }

    [JsonPropertyName("artifactFileName")]
    public required string ArtifactFileName { get; init; }

    [JsonPropertyName("fileNames")]
    public required IReadOnlyList<string> FileNames { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }
}
