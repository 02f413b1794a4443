using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Registry.Copy;

/// <summary>
/// The referrers tag schema for registries without the referrers API: an image index under the tag
/// <c>sha256-&lt;hex&gt;</c> of the subject, listing every artifact that refers to it
/// (distribution-spec v1.1 "Referrers Tag Schema"; what oras-go and cosign write). Existing entries are kept
/// as read, so other tools' signatures survive; an entry already listed is not added twice.
/// Spec: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#referrers-tag-schema.
/// </summary>
internal static class ReferrersTagIndex
{
    private const long MaxIndexBytes = 4 * 1024 * 1024;

    public static string TagFor(string subjectDigest)
    {
        var (algorithm, hex) = ContentDigest.Split(subjectDigest);
        return $"{algorithm}-{hex}";
    }

    /// <summary>
    /// The index with <paramref name="additions"/> appended to <paramref name="existing"/> (null: a new index), or
    /// null when every addition is listed already.
    /// </summary>
    public static RegistryManifest? Merge(RegistryManifest? existing, string tag, IEnumerable<ReferrerEntry> additions)
    {
        var root = existing is null ? NewIndex() : Parse(existing, tag);
        var manifests = (JsonArray)root["manifests"]!;
        var listed = manifests.OfType<JsonObject>()
            .Select(m => m["digest"] is JsonValue d && d.TryGetValue<string>(out var digest) ? digest : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var added = false;
        foreach (var entry in additions)
        {
            if (!listed.Add(entry.Descriptor.Digest))
            {
                continue;
            }

            var node = new JsonObject
            {
                ["mediaType"] = entry.Descriptor.MediaType,
                ["digest"] = entry.Descriptor.Digest,
                ["size"] = entry.Descriptor.Size,
            };
            if (entry.ArtifactType is not null)
            {
                // Notation and cosign both filter referrers on this field, so it must be present.
                node["artifactType"] = entry.ArtifactType;
            }

            if (entry.Annotations.Count > 0)
            {
                node["annotations"] = new JsonObject(entry.Annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
            }

            manifests.Add((JsonNode)node);
            added = true;
        }

        return added ? new RegistryManifest(MediaTypes.OciIndex, Encoding.UTF8.GetBytes(root.ToJsonString())) : null;
    }

    private static JsonObject NewIndex() => new()
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = MediaTypes.OciIndex,
        ["manifests"] = new JsonArray(),
    };

    private static JsonObject Parse(RegistryManifest existing, string tag)
    {
        try
        {
            if (existing.Content.Length > MaxIndexBytes ||
                !MediaTypes.IsIndex(existing.MediaType) ||
                JsonNode.Parse(existing.Content, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) is not JsonObject root ||
                root["manifests"] is not JsonArray)
            {
                throw new JsonException("not an image index with manifests");
            }

            return root;
        }
        catch (JsonException e)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidSignatureManifest,
                $"The referrers tag '{tag}' holds something other than an OCI image index ({e.Message}); refusing to overwrite it.",
                "Inspect the tag with `skopeo inspect --raw`. Pushing never replaces a referrers index it cannot read, so other signatures are not lost.",
                e);
        }
    }
}

/// <summary>One referrer as the index lists it.</summary>
internal sealed record ReferrerEntry(ManifestDescriptor Descriptor, string? ArtifactType, IReadOnlyDictionary<string, string> Annotations);
