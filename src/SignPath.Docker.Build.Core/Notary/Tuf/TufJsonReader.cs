using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>Typed reads from untrusted metadata that fail with TrustDataInvalid instead of JSON exceptions.</summary>
internal static class TufJsonReader
{
    public static JsonElement Object(JsonElement parent, string name, string what)
    {
        var value = Property(parent, name, what);
        return value.ValueKind == JsonValueKind.Object ? value : throw Invalid(what, $"\"{name}\" is not an object");
    }

    public static JsonElement? OptionalObject(JsonElement parent, string name, string what)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw Invalid(what, $"\"{name}\" is not an object");
    }

    public static JsonElement Array(JsonElement parent, string name, string what)
    {
        var value = Property(parent, name, what);
        return value.ValueKind == JsonValueKind.Array ? value : throw Invalid(what, $"\"{name}\" is not an array");
    }

    public static string String(JsonElement parent, string name, string what)
    {
        var value = Property(parent, name, what);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(what, $"\"{name}\" is not a string");
    }

    public static long Integer(JsonElement parent, string name, string what)
    {
        var value = Property(parent, name, what);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw Invalid(what, $"\"{name}\" is not an integer");
    }

    public static IReadOnlyList<string> StringArray(JsonElement array, string what)
    {
        var result = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            result.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Invalid(what, "an array item is not a string"));
        }

        return result;
    }

    public static byte[] Base64(string text, string what)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw Invalid(what, "a value is not valid base64");
        }
    }

    public static SignPathDockerException Invalid(string what, string problem) =>
        new(ErrorCodes.TrustDataInvalid, $"{what} is invalid: {problem}.");

    private static JsonElement Property(JsonElement parent, string name, string what) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            ? value
            : throw Invalid(what, $"\"{name}\" is missing");
}
