using System.Text.Json.Serialization;

namespace SignPath.Docker.LocalSigner.Faults;

/// <summary>
/// Body of POST /_localsigner/faults. Kinds: "deny", "fail", "never-complete", "bad-signature" apply
/// to the next <see cref="Count"/> submissions; "http-status" answers the next <see cref="Count"/>
/// matching API requests with <see cref="Status"/> (and Retry-After) instead of serving them.
/// "garbage-signature", "other-key-signature", "sha384-signature", "rsa-signature" make the cosign configuration
/// return random bytes, or signatures by another EC key, with SHA-384, or by an RSA key; "policy-other-key"
/// makes the next MySigningPolicies answers carry another key's certificate.
/// "notary-extra-target", "notary-wrong-digest", "notary-stale-version", "notary-other-key" make the
/// notary configuration return validly signed but tampered delegation roles (<see cref="FaultKinds.NotaryTampering"/>).
/// </summary>
public sealed record FaultSpecification
{
    public const int DefaultStatus = 503;

    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    // Defaults are applied by readers, not initializers: the JSON source generator sets every
    // init-only property, so a missing member would become 0 instead of an initializer's value.
    [JsonPropertyName("status")]
    public int? Status { get; init; }

    [JsonPropertyName("retryAfterSeconds")]
    public int? RetryAfterSeconds { get; init; }

    [JsonPropertyName("count")]
    public int? Count { get; init; }

    /// <summary>Only requests whose path contains this (case-insensitive) are affected.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    /// <summary>Only requests with this HTTP method are affected (e.g. "POST").</summary>
    [JsonPropertyName("method")]
    public string? Method { get; init; }

    /// <summary>Signs, but over the wrong bytes; also usable without a kind.</summary>
    [JsonPropertyName("badSignature")]
    public bool BadSignature { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }
}
