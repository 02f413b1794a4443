using System.Text.Json;

namespace SignPath.Docker.Build.Oci;

/// <summary>
/// An OCI 1.1 artifact manifest as signature tools write them (image-spec manifest.md, "Guidelines for Artifact Usage";
/// oras-go PackManifest v1.1): the empty config, one layer holding the signature, a <c>subject</c> naming the image,
/// and <c>artifactType</c>.
/// Spec: https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md.
/// </summary>
public static class OciArtifactManifest
{
    /// <param name="embedEmptyConfig">Put the empty config's bytes in <c>data</c> (<c>e30=</c>), as oras-go does for Notation.</param>
    /// <param name="configArtifactType">cosign's quirk: <c>artifactType</c> repeated inside the config descriptor.</param>
    public static byte[] Create(
        string artifactType,
        OciDescriptor layer,
        OciDescriptor subject,
        IReadOnlyDictionary<string, string>? annotations,
        bool embedEmptyConfig = false,
        string? configArtifactType = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(subject);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, OciJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", OciMediaTypes.ImageManifest);
            writer.WriteString("artifactType", artifactType);
            writer.WritePropertyName("config");
            (OciDescriptor.Empty with { Data = embedEmptyConfig ? "{}"u8.ToArray() : null, ArtifactType = configArtifactType }).WriteTo(writer);
            writer.WriteStartArray("layers");
            layer.WriteTo(writer);
            writer.WriteEndArray();
            writer.WritePropertyName("subject");
            new OciDescriptor(subject.MediaType, subject.Digest, subject.Size).WriteTo(writer);
            OciDescriptor.WriteAnnotations(writer, annotations);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
