using System.Text.Json.Serialization;

namespace SignPath.Docker.LocalSigner.Api;

/// <summary>GET .../Cryptoki/MySigningPolicies, shaped like SignPath's answer (docs.signpath.io crypto-providers/rest-api).</summary>
public sealed class SigningPoliciesResponse
{
    [JsonPropertyName("signingPolicies")]
    public required List<SigningPolicyResponse> SigningPolicies { get; init; }
}

/// <summary>One signing policy: its slugs, key and certificate. Byte arrays are written as base64, as SignPath does.</summary>
public sealed class SigningPolicyResponse
{
    [JsonPropertyName("signingPolicySlug")]
    public required string SigningPolicySlug { get; init; }

    [JsonPropertyName("projectSlug")]
    public required string ProjectSlug { get; init; }

    [JsonPropertyName("signingPolicyId")]
    public required Guid SigningPolicyId { get; init; }

    [JsonPropertyName("keyType")]
    public required string KeyType { get; init; }

    [JsonPropertyName("keySizeInBits")]
    public required int KeySizeInBits { get; init; }

    [JsonPropertyName("certificateType")]
    public string CertificateType { get; init; } = "X509";

    [JsonPropertyName("certificateBytes")]
    public required byte[] CertificateBytes { get; init; }

    [JsonPropertyName("publicKeyBytes")]
    public required byte[] PublicKeyBytes { get; init; }
}
