using System.Text.Json;

namespace SignPath.Docker.Build.Registry;

/// <summary>
/// One entry of a registry's error body, <c>{"errors":[{"code":…,"message":…,"detail":…}]}</c>, as the OCI
/// distribution spec defines it: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes
/// </summary>
internal sealed record RegistryError(string Code, string Message)
{
    /// <summary>The entries of an error body; empty when the body is empty, not JSON or not in the spec's shape.</summary>
    public static IReadOnlyList<RegistryError> Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return [];
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("errors", out var errors)
                || errors.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return [.. errors.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => new RegistryError(
                e.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString()! : "UNKNOWN",
                e.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString()! : string.Empty))];
        }
        catch (JsonException)
        {
            // A body that is not the spec's JSON (an HTML error page of a proxy) carries no codes.
            return [];
        }
    }

    public override string ToString() => Message.Length == 0 ? Code : $"{Code}: {Message}";
}
