using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SignPath.Docker.Build.IntegrationTests.Registry;

/// <summary>
/// Lets the tests' own plain-HTTP readers into a token-auth registry: on a 401 it asks the token service directly
/// (not through the fault proxy, and not through any product code) for the challenge's scope and sends again.
/// </summary>
internal sealed partial class TokenReadingHandler(Uri tokenService) : DelegatingHandler(new HttpClientHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var challenge = response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme == "Bearer")?.Parameter;
        if (response.StatusCode != HttpStatusCode.Unauthorized || challenge is null)
        {
            return response;
        }

        var scope = ScopeParameter().Match(challenge) is { Success: true } match ? match.Groups[1].Value : string.Empty;
        var token = await TokenAsync(scope, cancellationToken);
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>An anonymous token for <paramref name="scope"/>, e.g. for curl in scripts/verify-cosign.sh.</summary>
    public async Task<string> TokenAsync(string scope, CancellationToken cancellationToken = default)
    {
        using var tokenResponse = await base.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, new Uri(tokenService, $"token?service={TokenService.Service}&scope={Uri.EscapeDataString(scope)}")),
            cancellationToken);
        tokenResponse.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await tokenResponse.Content.ReadAsByteArrayAsync(cancellationToken));
        return json.RootElement.GetProperty("token").GetString()!;
    }

    [GeneratedRegex("scope=\"([^\"]*)\"")]
    private static partial Regex ScopeParameter();
}
