using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// The OCI manifest behind a <c>sha256-&lt;hex&gt;.sig</c> tag: one layer per signature. Existing layers are
/// kept as the JSON nodes they were read as, so annotations we do not know (certificates, bundles,
/// other tools' fields) survive an append untouched.
/// Spec: https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md.
/// </summary>
internal sealed class CosignSignatureManifest
{
    private const long MaxManifestBytes = 4 * 1024 * 1024;
    private readonly JsonObject root;

    private CosignSignatureManifest(JsonObject root) => this.root = root;

    public IReadOnlyList<JsonObject> Layers =>
        root["layers"] is JsonArray layers ? layers.OfType<JsonObject>().ToList() : [];

    /// <summary>
    /// Blobs the registry must already hold, because it accepted this manifest (distribution refuses manifests
    /// whose layers or config are missing from the repository).
    /// </summary>
    public IReadOnlySet<string> ReferencedBlobs
    {
        get
        {
            var digests = new HashSet<string>(StringComparer.Ordinal);
            foreach (var layer in Layers)
            {
                digests.Add(layer["digest"]!.GetValue<string>());
            }

            if (root["config"]?["digest"] is JsonValue config && config.TryGetValue<string>(out var digest))
            {
                digests.Add(digest);
            }

            return digests;
        }
    }

    public static CosignSignatureManifest Empty() => new(new JsonObject
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = MediaTypes.OciManifest,
        ["layers"] = new JsonArray(),
    });

    public static CosignSignatureManifest Parse(RegistryManifest manifest, string tag)
    {
        try
        {
            if (manifest.Content.Length > MaxManifestBytes ||
                JsonNode.Parse(manifest.Content, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) is not JsonObject root ||
                root["layers"] is not JsonArray layers ||
                layers.Any(l => l is not JsonObject layer || layer["digest"]?.GetValueKind() != JsonValueKind.String))
            {
                throw new JsonException("not an image manifest with layers");
            }

            return new CosignSignatureManifest(root);
        }
        catch (JsonException e)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidSignatureManifest,
                $"The existing signature manifest at tag '{tag}' is not a valid OCI image manifest ({e.Message}); refusing to overwrite it.",
                "Inspect the tag with `skopeo inspect --raw`. Signing never replaces a manifest it cannot read, so existing signatures are not lost.",
                e);
        }
    }

    /// <summary>True when a layer holds exactly this payload and signature (cosign skips such duplicates too).</summary>
    public bool Contains(string payloadDigest, string base64Signature) =>
        Layers.Any(layer =>
            layer["digest"]?.GetValue<string>() == payloadDigest &&
            layer["annotations"]?[CosignSignatureTag.SignatureAnnotation]?.GetValue<string>() == base64Signature);

    /// <summary>
    /// The manifest with one more signature layer, and the config blob it references. The config's
    /// rootfs.diff_ids list every layer, as go-containerregistry's mutate.Append writes it.
    /// </summary>
    public (RegistryManifest Manifest, byte[] Config) Append(string payloadDigest, long payloadSize, string base64Signature)
    {
        var next = (JsonObject)root.DeepClone();
        var layers = (JsonArray)next["layers"]!;
        layers.Add((JsonNode)new JsonObject
        {
            ["mediaType"] = MediaTypes.CosignSimpleSigning,
            ["size"] = payloadSize,
            ["digest"] = payloadDigest,
            ["annotations"] = new JsonObject { [CosignSignatureTag.SignatureAnnotation] = base64Signature },
        });

        var diffIds = new JsonArray();
        foreach (var layer in layers.OfType<JsonObject>())
        {
            // Signature layers are stored uncompressed, so a layer's diff ID is its digest.
            diffIds.Add((JsonNode)JsonValue.Create(layer["digest"]!.GetValue<string>()));
        }

        var config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = string.Empty,
            ["config"] = new JsonObject(),
            ["created"] = "0001-01-01T00:00:00Z",
            ["os"] = string.Empty,
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
        }.ToJsonString());

        next["schemaVersion"] = 2;
        next["mediaType"] = MediaTypes.OciManifest;
        next["config"] = new JsonObject
        {
            ["mediaType"] = MediaTypes.OciConfig,
            ["size"] = config.Length,
            ["digest"] = ContentDigest.Sha256(config),
        };

        return (new RegistryManifest(MediaTypes.OciManifest, Encoding.UTF8.GetBytes(next.ToJsonString())), config);
    }
}
