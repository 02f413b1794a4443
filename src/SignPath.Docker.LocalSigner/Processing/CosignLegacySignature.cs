using System.Text;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// cosign's original signature format in an OCI layout, the other answer SignPath's <c>&lt;cosign-sign&gt;</c> may give:
/// a simple-signing payload as a layer with its signature in the <c>dev.cosignproject.cosign/signature</c> annotation,
/// in a manifest the layout's index.json tags <c>sha256-&lt;hex&gt;.sig</c>, as <c>cosign save</c> writes it.
/// Written here, not by the package's code, so the package's reading of it is tested against a second writer.
/// Spec: https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md.
/// </summary>
internal static class CosignLegacySignature
{
    private const string SignatureAnnotation = "dev.cosignproject.cosign/signature";
    private const string ImageNameAnnotation = "io.containerd.image.name";

    /// <returns>The index.json entry of the signature manifest.</returns>
    public static OciDescriptor Add(OciLayoutWriter writer, OciDescriptor image, CosignSigningKey key)
    {
        var payload = Payload(DockerReference(image), image.Digest);
        var layer = writer.AddBlob(OciMediaTypes.CosignSimpleSigning, payload);
        var config = writer.AddBlob(OciMediaTypes.ImageConfig, Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = string.Empty,
            ["config"] = new JsonObject(),
            ["created"] = "0001-01-01T00:00:00Z",
            ["os"] = string.Empty,
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(layer.Digest) },
        }.ToJsonString()));
        var manifest = writer.AddBlob(OciMediaTypes.ImageManifest, Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["config"] = Descriptor(config),
            ["layers"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = layer.MediaType,
                ["size"] = layer.Size,
                ["digest"] = layer.Digest,
                ["annotations"] = new JsonObject { [SignatureAnnotation] = Convert.ToBase64String(key.Sign(payload)) },
            }),
        }.ToJsonString()));
        var tag = image.Digest.Replace(':', '-') + ".sig";
        return manifest with { Annotations = new Dictionary<string, string> { [OciMediaTypes.RefNameAnnotation] = tag } };
    }

    /// <summary>The repository the SDK named the image with (io.containerd.image.name, repository:tag), if it did.</summary>
    private static string DockerReference(OciDescriptor image)
    {
        var name = image.Annotations?.GetValueOrDefault(ImageNameAnnotation) ?? string.Empty;
        var tagStart = name.LastIndexOf(':');
        return tagStart > name.LastIndexOf('/') ? name[..tagStart] : name;
    }

    /// <summary>cosign's simple-signing payload, fields in the order Go marshals them.</summary>
    private static byte[] Payload(string dockerReference, string digest) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["critical"] = new JsonObject
        {
            ["identity"] = new JsonObject { ["docker-reference"] = dockerReference },
            ["image"] = new JsonObject { ["docker-manifest-digest"] = digest },
            ["type"] = "cosign container image signature",
        },
        ["optional"] = null,
    }.ToJsonString());

    private static JsonObject Descriptor(OciDescriptor descriptor) =>
        new() { ["mediaType"] = descriptor.MediaType, ["digest"] = descriptor.Digest, ["size"] = descriptor.Size };
}
