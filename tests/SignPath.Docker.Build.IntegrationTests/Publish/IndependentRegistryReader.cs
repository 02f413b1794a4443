using System.Net.Http.Headers;
using System.Text;

using SignPath.Docker.Build.IntegrationTests.Rig;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// Reads a registry with plain HttpClient calls and checks cosign signatures with scripts/verify-cosign.sh
/// (curl, jq, openssl), so no code of the product takes part in verifying the product.
/// </summary>
internal sealed class IndependentRegistryReader(string registry, string? user = null, string? password = null, bool https = false, HttpMessageHandler? handler = null) : IDisposable
{
    private readonly HttpClient http = handler is null ? new() : new(handler);

    private string Base => $"{(https ? "https" : "http")}://{registry}/v2/";

    public async Task<string?> DigestOfAsync(string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"{Base}{repository}/manifests/{reference}");
        foreach (var accept in new[] { "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json" })
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        Authorize(request);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode ? response.Headers.GetValues("Docker-Content-Digest").Single() : null;
    }

    public async Task<string> GetManifestJsonAsync(string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}{repository}/manifests/{reference}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.index.v1+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        Authorize(request);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<bool> TagExistsAsync(string repository, string tag) => await DigestOfAsync(repository, tag) is not null;

    /// <summary>Whether the registry holds cosign's signature tag (<c>sha256-&lt;hex&gt;.sig</c>) of the image <paramref name="digest"/>.</summary>
    public async Task<bool> CosignSignatureExistsAsync(string repository, string digest) => await TagExistsAsync(repository, $"{digest.Replace(':', '-')}.sig");

    /// <summary>The blob's bytes, or null when the registry does not have it.</summary>
    public async Task<byte[]?> GetBlobAsync(string repository, string digest)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}{repository}/blobs/{digest}");
        Authorize(request);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync() : null;
    }

    /// <summary>The repository's tags, sorted (distribution's tags/list), to show a failed build changed nothing.</summary>
    public async Task<IReadOnlyList<string>> TagsAsync(string repository)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}{repository}/tags/list");
        Authorize(request);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("tags", out var tags) && tags.ValueKind == System.Text.Json.JsonValueKind.Array
            ? [.. tags.EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>Runs verify-cosign.sh; returns its output, throws when it fails.</summary>
    /// <param name="bearerToken">For a token-auth registry: a pull token, which curl sends with every request.</param>
    public async Task<string> VerifyCosignAsync(string repository, string digest, string publicKeyPath, string? bearerToken = null)
    {
        List<string> args = [registry, repository, digest, publicKeyPath];
        if (user is not null)
        {
            args.Add("-u");
            args.Add($"{user}:{password}");
        }

        if (bearerToken is not null)
        {
            args.Add("-H");
            args.Add($"Authorization: Bearer {bearerToken}");
        }

        if (https && Environment.GetEnvironmentVariable("SSL_CERT_FILE") is { Length: > 0 } bundle)
        {
            args.Add("--cacert");
            args.Add(bundle);
        }

        var environment = new Dictionary<string, string> { ["VERIFY_SCHEME"] = https ? "https" : "http" };
        return await Rig.ExternalProcess.RunCheckedAsync(Path.Combine(Rig.RigScript.RepositoryRoot, "scripts", "verify-cosign.sh"), args, environment);
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
    }

    public void Dispose() => http.Dispose();
}
