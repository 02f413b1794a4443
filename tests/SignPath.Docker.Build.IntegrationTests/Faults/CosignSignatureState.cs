using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>
/// The <c>sha256-&lt;hex&gt;.sig</c> manifest of one image as the real registry holds it, read with plain HTTP
/// (bypassing the proxy and the product), and every layer in it checked independently: blob digest, the
/// payload names the image digest, the signature verifies with the public key.
/// </summary>
internal sealed record CosignSignatureState(string? ManifestDigest, IReadOnlyList<(string PayloadDigest, string Signature)> Layers)
{
    private const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    public static async Task<CosignSignatureState> ReadAsync(HttpClient http, string registry, string repository, string imageDigest)
    {
        var tag = imageDigest.Replace(':', '-') + ".sig";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{registry}/v2/{repository}/manifests/{tag}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new CosignSignatureState(null, []);
        }

        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var document = JsonDocument.Parse(bytes);
        var layers = document.RootElement.GetProperty("layers").EnumerateArray()
            .Select(l => (l.GetProperty("digest").GetString()!, l.GetProperty("annotations").GetProperty(SignatureAnnotation).GetString()!))
            .ToList();
        return new CosignSignatureState("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), layers);
    }

    /// <summary>Problems found in the layers (empty when every signature holds).</summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(HttpClient http, string registry, string repository, string imageDigest, ECDsa publicKey)
    {
        var problems = new List<string>();
        foreach (var (payloadDigest, signature) in Layers)
        {
            var payload = await http.GetByteArrayAsync($"http://{registry}/v2/{repository}/blobs/{payloadDigest}");
            if ("sha256:" + Convert.ToHexStringLower(SHA256.HashData(payload)) != payloadDigest)
            {
                problems.Add($"payload blob {payloadDigest} does not hash to its digest");
                continue;
            }

            using var json = JsonDocument.Parse(payload);
            var named = json.RootElement.GetProperty("critical").GetProperty("image").GetProperty("docker-manifest-digest").GetString();
            if (named != imageDigest)
            {
                problems.Add($"payload {payloadDigest} names {named}, not {imageDigest}");
            }

            if (!publicKey.VerifyData(payload, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            {
                problems.Add($"signature of {payloadDigest} does not verify with the public key");
            }
        }

        return problems;
    }

    /// <summary>True when every layer of <paramref name="earlier"/> is still here, in the same order, at the start.</summary>
    public bool Keeps(CosignSignatureState earlier) =>
        Layers.Count >= earlier.Layers.Count && Layers.Take(earlier.Layers.Count).SequenceEqual(earlier.Layers);
}
