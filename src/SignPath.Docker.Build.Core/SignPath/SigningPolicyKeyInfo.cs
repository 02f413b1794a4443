using System.Text.Json;

namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// One entry of SignPath's MySigningPolicies answer, the fields the key is read from:
/// <c>{"signingPolicies":[{"projectSlug","signingPolicySlug","keyType":"Rsa"|…,"certificateBytes":base64 DER X.509,
/// "publicKeyBytes":base64 (PKCS#1 RSAPublicKey for RSA, as SignPath's docs show)}]}</c>. Unknown fields are ignored.
/// </summary>
internal sealed record SigningPolicyKeyInfo(string? ProjectSlug, string? SigningPolicySlug, string? KeyType, byte[]? CertificateBytes, byte[]? PublicKeyBytes)
{
    /// <summary>The entry for the given slugs; throws <see cref="JsonException"/> or <see cref="FormatException"/> for a malformed answer.</summary>
    /// <returns>Null when the answer lists no such policy.</returns>
    public static SigningPolicyKeyInfo? Parse(ReadOnlySpan<byte> json, string projectSlug, string signingPolicySlug)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Object ||
            !TryGetProperty(document.RootElement, "signingPolicies", out var policies) ||
            policies.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("the answer has no signingPolicies array");
        }

        var entries = policies.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object).Select(Read).ToList();

        // The query names one policy; an entry that names another is never used, one that names none only when alone.
        var named = entries.Where(e => e.ProjectSlug is not null || e.SigningPolicySlug is not null).ToList();
        var match = named.FirstOrDefault(e =>
            string.Equals(e.ProjectSlug, projectSlug, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(e.SigningPolicySlug, signingPolicySlug, StringComparison.OrdinalIgnoreCase));
        return match ?? (entries.Count == 1 && named.Count == 0 ? entries[0] : null);
    }

    private static SigningPolicyKeyInfo Read(JsonElement policy) => new(
        Text(policy, "projectSlug"),
        Text(policy, "signingPolicySlug"),
        Text(policy, "keyType"),
        Base64(policy, "certificateBytes"),
        Base64(policy, "publicKeyBytes"));

    private static string? Text(JsonElement element, string name) =>
        TryGetProperty(element, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[]? Base64(JsonElement element, string name) =>
        Text(element, name) is { Length: > 0 } text ? Convert.FromBase64String(text) : null;

    // SignPath writes camelCase; matching case-insensitively costs nothing and survives a serializer change.
    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
