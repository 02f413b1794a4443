using System.Text;
using System.Text.Json;

namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// SignPath's error body format is undocumented: it may be plain text, ProblemDetails or another JSON
/// shape. This extracts the human-readable part and falls back to the raw text.
/// </summary>
internal static class SignPathErrorMessage
{
    private const int MaxLength = 2000;
    private static readonly string[] MessageProperties = ["message", "error", "title", "detail"];

    public static string Extract(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(empty response body)";
        }

        var text = body.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                var parts = new List<string>();
                foreach (var name in MessageProperties)
                {
                    if (TryGetString(document.RootElement, name, out var value) && !parts.Contains(value))
                    {
                        parts.Add(value);
                    }
                }

                if (document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in errors.EnumerateObject())
                    {
                        parts.Add($"{field.Name}: {FlattenErrors(field.Value)}");
                    }
                }

                if (parts.Count > 0)
                {
                    text = string.Join(" ", parts);
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: the raw text is the message.
            }
        }

        return text.Length <= MaxLength ? text : text[..MaxLength] + "…";
    }

    private static bool TryGetString(JsonElement element, string name, out string value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)
                && property.Value.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(property.Value.GetString()))
            {
                value = property.Value.GetString()!;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    private static string FlattenErrors(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return value.ToString();
        }

        var builder = new StringBuilder();
        foreach (var item in value.EnumerateArray())
        {
            if (builder.Length > 0)
            {
                builder.Append("; ");
            }

            builder.Append(item.ToString());
        }

        return builder.ToString();
    }
}
