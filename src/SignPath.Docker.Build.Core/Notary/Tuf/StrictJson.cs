using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// Parses untrusted TUF metadata. Duplicate keys are refused: two "signed" or "version" members
/// could make us verify one value and act on another.
/// </summary>
public static class StrictJson
{
    private const int MaxDepth = 32;

    /// <summary>Parses <paramref name="json"/>; the returned document references the given memory, so keep it unchanged.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> json, string what)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException exception)
        {
            throw new SignPathDockerException(ErrorCodes.TrustDataInvalid, $"{what} is not valid JSON: {exception.Message}", innerException: exception);
        }

        try
        {
            RejectDuplicateKeys(document.RootElement, what);
        }
        catch
        {
            document.Dispose();
            throw;
        }

        return document;
    }

    private static void RejectDuplicateKeys(JsonElement element, string what)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                    {
                        throw new SignPathDockerException(
                            ErrorCodes.TrustDataInvalid,
                            $"{what} contains the key \"{property.Name}\" more than once.");
                    }

                    RejectDuplicateKeys(property.Value, what);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    RejectDuplicateKeys(item, what);
                }

                break;
        }
    }
}
