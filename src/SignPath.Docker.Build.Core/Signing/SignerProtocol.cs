using System.Text;
using System.Text.Json;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// The native signer's lines: the inputs on its stdin, <see cref="SignerEvent"/>s on its stdout, one JSON object
/// per line. Written with <see cref="JsonLineWriter"/> and read with JsonDocument rather than JsonSerializer: in MSBuild's
/// process the serializer's start-up (type metadata, JIT) cost more than the signing's own work on this side of the pipe.
/// Secrets are not part of the inputs line; the signer gets them in its environment, the Notary user name with its
/// password (NOTARY_AUTH), since the signer would otherwise pair the name with an empty password.
/// </summary>
public static class SignerProtocol
{
    private static readonly (string Name, Func<ContainerSigningInputs, string?> Get, Action<ContainerSigningInputs, string?> Set)[] TextInputs =
    [
        ("signatureFormats", i => i.SignatureFormats, (i, v) => i.SignatureFormats = v),
        ("signPathApiUrl", i => i.SignPathApiUrl, (i, v) => i.SignPathApiUrl = v),
        ("signPathOrganizationId", i => i.SignPathOrganizationId, (i, v) => i.SignPathOrganizationId = v),
        ("signPathProjectSlug", i => i.SignPathProjectSlug, (i, v) => i.SignPathProjectSlug = v),
        ("signPathSigningPolicySlug", i => i.SignPathSigningPolicySlug, (i, v) => i.SignPathSigningPolicySlug = v),
        ("signPathCosignArtifactConfigurationSlug", i => i.SignPathCosignArtifactConfigurationSlug, (i, v) => i.SignPathCosignArtifactConfigurationSlug = v),
        ("signPathNotaryArtifactConfigurationSlug", i => i.SignPathNotaryArtifactConfigurationSlug, (i, v) => i.SignPathNotaryArtifactConfigurationSlug = v),
        ("signPathDescription", i => i.SignPathDescription, (i, v) => i.SignPathDescription = v),
        ("signPathWaitForCompletionTimeout", i => i.SignPathWaitForCompletionTimeout, (i, v) => i.SignPathWaitForCompletionTimeout = v),
        ("signPathProgressInterval", i => i.SignPathProgressInterval, (i, v) => i.SignPathProgressInterval = v),
        ("cosignPublicKey", i => i.CosignPublicKey, (i, v) => i.CosignPublicKey = v),
        ("signContainerMaxParallelism", i => i.SignContainerMaxParallelism, (i, v) => i.SignContainerMaxParallelism = v),
        ("insecureRegistries", i => i.InsecureRegistries, (i, v) => i.InsecureRegistries = v),
        ("notaryUrl", i => i.NotaryUrl, (i, v) => i.NotaryUrl = v),
        ("notaryDelegationName", i => i.NotaryDelegationName, (i, v) => i.NotaryDelegationName = v),
        ("notaryRootCertificate", i => i.NotaryRootCertificate, (i, v) => i.NotaryRootCertificate = v),
        ("notaryTrustDirectory", i => i.NotaryTrustDirectory, (i, v) => i.NotaryTrustDirectory = v),
    ];

    public static string WriteInputs(ContainerSigningInputs inputs)
    {
        var writer = new JsonLineWriter();
        foreach (var (name, get, _) in TextInputs)
        {
            WriteText(writer, name, get(inputs));
        }

        writer.StartArray("images");
        foreach (var image in inputs.Images)
        {
            writer.StartObject();
            WriteText(writer, "reference", image.Reference);
            WriteText(writer, "digest", image.Digest);
            WriteText(writer, "manifest", image.Manifest);
            writer.Boolean("pushedByBuild", image.PushedByBuild).EndObject();
        }

        writer.EndArray();
        WriteTexts(writer, "cosignAnnotations", inputs.CosignAnnotations);
        return writer.ToString();
    }

    /// <exception cref="JsonException">The line is not an inputs object.</exception>
    public static ContainerSigningInputs ReadInputs(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var inputs = new ContainerSigningInputs();
        foreach (var (name, _, set) in TextInputs)
        {
            set(inputs, Text(root, name));
        }

        if (root.TryGetProperty("images", out var images))
        {
            inputs.Images = [.. images.EnumerateArray().Select(image => new ImageInput(
                Text(image, "reference") ?? throw new JsonException("An image has no reference."),
                Text(image, "digest"),
                Text(image, "manifest"),
                image.TryGetProperty("pushedByBuild", out var pushed) && pushed.GetBoolean()))];
        }

        inputs.CosignAnnotations = Texts(root, "cosignAnnotations");
        return inputs;
    }

    public static string WriteEvent(SignerEvent signerEvent)
    {
        var writer = new JsonLineWriter();
        WriteText(writer, "kind", signerEvent.Kind);
        WriteText(writer, "message", signerEvent.Message);
        WriteText(writer, "code", signerEvent.Code);
        WriteText(writer, "hint", signerEvent.Hint);
        if (signerEvent.Image is { } image)
        {
            writer.StartObject("image");
            WriteText(writer, "identity", image.Identity);
            WriteTexts(writer, "metadata", image.Metadata);
            writer.EndObject();
        }

        return writer.ToString();
    }

    /// <summary>The event on a line, or null for anything else (the task shows such lines as detail).</summary>
    public static SignerEvent? ReadEvent(string? line)
    {
        if (string.IsNullOrWhiteSpace(line) || line[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (Text(root, "kind") is not { } kind)
            {
                return null;
            }

            var image = root.TryGetProperty("image", out var signed) && Text(signed, "identity") is { } identity
                ? new SignedImageOutput(identity, Texts(signed, "metadata"))
                : null;
            return new SignerEvent(kind, Text(root, "message"), Text(root, "code"), Text(root, "hint"), image);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static void WriteText(JsonLineWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.String(name, value);
        }
    }

    private static void WriteTexts(JsonLineWriter writer, string name, Dictionary<string, string> values)
    {
        writer.StartObject(name);
        foreach (var (key, value) in values)
        {
            writer.String(key, value);
        }

        writer.EndObject();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <remarks>A loop rather than LINQ's ToDictionary: that generic over JsonProperty is JIT compiled in MSBuild's process (1.2 ms of every build, measured between the last two lines).</remarks>
    private static Dictionary<string, string> Texts(JsonElement element, string name)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in values.EnumerateObject())
            {
                texts[property.Name] = property.Value.GetString() ?? string.Empty;
            }
        }

        return texts;
    }
}
