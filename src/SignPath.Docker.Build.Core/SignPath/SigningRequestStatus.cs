using System.Text.Json;

namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// The body of GET .../SigningRequests/{id}. Only the fields the client needs or reports; SignPath
/// sends more, and unknown fields are ignored.
/// </summary>
public sealed class SigningRequestStatus
{
    public string? Status { get; init; }

    public bool IsFinalStatus { get; init; }

    public string? WorkflowStatus { get; init; }

    public string? Description { get; init; }

    public string? ProjectSlug { get; init; }

    public string? SigningPolicySlug { get; init; }

    public string? ArtifactConfigurationSlug { get; init; }

    public Uri? SignedArtifactLink { get; init; }

    public Uri? UnsignedArtifactLink { get; init; }

    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>
    /// The status in a response body: names match case-insensitively, unknown fields are ignored. Read with
    /// JsonDocument rather than JsonSerializer, whose first use builds its metadata caches: more than a millisecond
    /// of every signing, since MSBuild loads the task assembly fresh in every build.
    /// </summary>
    /// <exception cref="JsonException">Not a JSON object, or a known field of the wrong type.</exception>
    public static SigningRequestStatus Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"expected an object, found {root.ValueKind}");
        }

        string? status = null, workflowStatus = null, description = null, projectSlug = null, signingPolicySlug = null, artifactConfigurationSlug = null;
        Uri? signedArtifactLink = null, unsignedArtifactLink = null;
        var isFinalStatus = false;
        Dictionary<string, string>? parameters = null;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name.ToUpperInvariant())
            {
                case "STATUS": status = Text(value, property.Name); break;
                case "ISFINALSTATUS": isFinalStatus = Flag(value, property.Name); break;
                case "WORKFLOWSTATUS": workflowStatus = Text(value, property.Name); break;
                case "DESCRIPTION": description = Text(value, property.Name); break;
                case "PROJECTSLUG": projectSlug = Text(value, property.Name); break;
                case "SIGNINGPOLICYSLUG": signingPolicySlug = Text(value, property.Name); break;
                case "ARTIFACTCONFIGURATIONSLUG": artifactConfigurationSlug = Text(value, property.Name); break;
                case "SIGNEDARTIFACTLINK": signedArtifactLink = Link(value, property.Name); break;
                case "UNSIGNEDARTIFACTLINK": unsignedArtifactLink = Link(value, property.Name); break;
                case "PARAMETERS": parameters = Texts(value, property.Name); break;
            }
        }

        return new SigningRequestStatus
        {
            Status = status,
            IsFinalStatus = isFinalStatus,
            WorkflowStatus = workflowStatus,
            Description = description,
            ProjectSlug = projectSlug,
            SigningPolicySlug = signingPolicySlug,
            ArtifactConfigurationSlug = artifactConfigurationSlug,
            SignedArtifactLink = signedArtifactLink,
            UnsignedArtifactLink = unsignedArtifactLink,
            Parameters = parameters,
        };
    }

    private static string? Text(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw WrongType(name, "a string", value),
    };

    private static bool Flag(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw WrongType(name, "true or false", value),
    };

    private static Uri? Link(JsonElement value, string name) =>
        Text(value, name) is not { } text ? null
        : Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var link) ? link
        : throw new JsonException($"'{name}' is not a URL");

    private static Dictionary<string, string>? Texts(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw WrongType(name, "an object", value);
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            // A null value was accepted by the serializer this replaces; keep accepting it.
            texts[property.Name] = Text(property.Value, $"{name}.{property.Name}") ?? string.Empty;
        }

        return texts;
    }

    private static JsonException WrongType(string name, string expected, JsonElement value) =>
        new($"'{name}' should be {expected}, found {value.ValueKind}");
}
