using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Http;
using SignPath.Docker.Build.Registry.Credentials;

namespace SignPath.Docker.Build.Registry.Http;

/// <summary>
/// Docker registry authentication as a reusable handler (the registry client and the Notary client share it).
/// Requests go out anonymously until a registry answers 401; its WWW-Authenticate challenge is then remembered
/// per host. Basic: credentials are sent, and from then on sent up front. Bearer: a token is fetched from the
/// (validated) realm once per host and scope, cached until it expires, and attached up front to later requests,
/// so each registry+scope costs one handshake and later requests no extra 401. Concurrent requests needing the
/// same token share one fetch, and token requests are retried under the registry retry policy, as oras-go does.
/// The token flow follows https://distribution.github.io/distribution/spec/auth/token/ (GET with Basic) and
/// https://distribution.github.io/distribution/spec/auth/oauth/ (POST with a refresh token).
/// </summary>
internal sealed class RegistryAuthenticationHandler : DelegatingHandler
{
    /// <summary>A token response is a few KiB of JSON; anything near this is not one.</summary>
    public const int MaxTokenResponseBytes = 128 * 1024;

    private const string ClientId = "SignPath.Docker.Build";
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(10);

    private readonly IRegistryCredentialProvider _credentials;
    private readonly InsecureRegistryPolicy _policy;
    private readonly IProgressLog _log;
    private readonly HttpMessageInvoker _tokenClient;
    private readonly ConcurrentDictionary<string, AuthChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Host, string Scope), CachedToken> _tokens = new();
    private readonly ConcurrentDictionary<(string Host, string Scope), Lazy<Task<CachedToken>>> _fetches = new();

    public RegistryAuthenticationHandler(IRegistryCredentialProvider credentials, InsecureRegistryPolicy policy, IProgressLog log, HttpMessageHandler innerHandler, RetryPolicy? tokenRetry = null)
        : base(innerHandler)
    {
        _credentials = credentials;
        _policy = policy;
        _log = log;

        // Token requests leave below this handler (no auth loop) but through their own retry handler, so a 503 or a
        // reset from the token service is waited out like one from the registry.
        HttpMessageHandler tokenSender = new InnerSender(this);
        if (tokenRetry is not null)
        {
            tokenSender = new RegistryRetryHandler(tokenRetry, log, tokenSender, "token service");
        }

        _tokenClient = new HttpMessageInvoker(tokenSender, disposeHandler: true);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var host = uri.Authority;
        var scope = RegistryScope.Of(request);
        await RequestReplay.EnsureReplayableAsync(request, cancellationToken);

        var sentAuthorization = false;
        if (request.Headers.Authorization is null && _challenges.TryGetValue(host, out var known))
        {
            sentAuthorization = await AuthorizeAsync(request, uri, known, scope, refusedToken: null, cancellationToken);
        }

        var sentToken = sentAuthorization && request.Headers.Authorization?.Scheme == "Bearer" ? request.Headers.Authorization.Parameter : null;

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var challenge = AuthChallenge.Select(response.Headers.WwwAuthenticate);
        if (challenge is null)
        {
            return response;
        }

        _challenges[host] = challenge with { Scope = null };
        if (sentAuthorization && challenge.IsBasic)
        {
            // Our credentials were sent and refused; sending them again would not help.
            return response;
        }

        // The caller's scope first (it knows about mounts); what the registry asked for on top of it is added.
        var tokenScope = RegistryScope.Merge(scope, challenge.Scope);
        if (!await AuthorizeAsync(request, uri, challenge, tokenScope, refusedToken: sentToken, cancellationToken))
        {
            return response;
        }

        if (scope is not null && tokenScope is not null && scope != tokenScope && _tokens.TryGetValue((host, tokenScope), out var wider))
        {
            // The registry wanted more than the URL suggested (e.g. a mount); remember that for this URL's scope too.
            _tokens[(host, scope)] = wider;
        }

        response.Dispose();
        RequestReplay.PrepareForResend(request);
        return await base.SendAsync(request, cancellationToken);
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tokenClient.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Sets the Authorization header for <paramref name="challenge"/>; false when there is nothing to send.</summary>
    private async Task<bool> AuthorizeAsync(HttpRequestMessage request, Uri uri, AuthChallenge challenge, string? scope, string? refusedToken, CancellationToken cancellationToken)
    {
        // Cached per registry by the provider; recorded on the request so a refusal names where they came from.
        var credentials = await _credentials.GetCredentialsAsync(uri.Authority, cancellationToken);
        if (credentials?.Source is { } source)
        {
            request.Options.Set(RegistryRequestOptions.CredentialsSource, source);
        }

        if (challenge.IsBasic)
        {
            if (credentials?.Password is null)
            {
                return false;
            }

            request.Headers.Authorization = BasicHeader(credentials);
            return true;
        }

        if (!challenge.IsBearer)
        {
            return false;
        }

        var token = await GetTokenAsync(uri, challenge, scope ?? string.Empty, refusedToken, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return true;
    }

    /// <summary>
    /// The cached token for (host, scope) unless it expired or is the one just refused; otherwise joins the fetch
    /// already under way for that key, or starts it. One fetch serves every request waiting for the same token.
    /// </summary>
    private async Task<string> GetTokenAsync(Uri uri, AuthChallenge challenge, string scope, string? refusedToken, CancellationToken cancellationToken)
    {
        var key = (uri.Authority, scope);
        while (true)
        {
            if (_tokens.TryGetValue(key, out var cached) && cached.IsValid && cached.Token != refusedToken)
            {
                return cached.Token;
            }

            var fetch = _fetches.GetOrAdd(key, _ => new Lazy<Task<CachedToken>>(() => FetchTokenAsync(uri, challenge, scope, cancellationToken)));
            try
            {
                var token = await fetch.Value.WaitAsync(cancellationToken);
                if (token.Token == refusedToken)
                {
                    // A fetch that was already under way brought the token the registry just refused; its answer
                    // holds for nobody. Not looping: a token service that issues the same token again would spin.
                    _tokens.TryRemove(new KeyValuePair<(string, string), CachedToken>(key, token));
                }

                return token.Token;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The request that started the shared fetch was canceled (or timed out), not this one: fetch anew.
            }
            finally
            {
                if (fetch.Value.IsCompleted)
                {
                    _fetches.TryRemove(new KeyValuePair<(string, string), Lazy<Task<CachedToken>>>(key, fetch));
                }
            }
        }
    }

    private async Task<CachedToken> FetchTokenAsync(Uri uri, AuthChallenge challenge, string scope, CancellationToken cancellationToken)
    {
        var realm = challenge.ValidateRealm(uri, _policy);
        var credentials = await _credentials.GetCredentialsAsync(uri.Authority, cancellationToken);
        var token = await RequestTokenAsync(uri, realm, challenge.Service, scope, credentials, cancellationToken);
        _tokens[(uri.Authority, scope)] = token;
        return token;
    }

    private async Task<CachedToken> RequestTokenAsync(Uri registryUri, Uri realm, string? service, string scope, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using var tokenRequest = credentials?.HasIdentityToken == true
            ? RefreshTokenRequest(realm, service, scopes, credentials.IdentityToken!)
            : BasicTokenRequest(realm, service, scopes, credentials);
        tokenRequest.Options.Set(RegistryRequestOptions.Idempotent, true);

        // HttpClient adds its default headers only to the requests it sends itself, not to this one made in the chain.
        tokenRequest.Headers.UserAgent.ParseAdd(UserAgent.Value);

        var tokenService = $"The token service of {registryUri.Authority} ({realm.GetLeftPart(UriPartial.Path)})";
        _log.Detail($"Requesting a token for {registryUri.Authority} ({(scope.Length == 0 ? "no scope" : scope)}) from {realm.GetLeftPart(UriPartial.Path)}.");
        HttpResponseMessage response;
        try
        {
            response = await _tokenClient.SendAsync(tokenRequest, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            // Not rethrown raw: the retry handler above would repeat the registry request, and with it all the token retries.
            throw RegistryErrors.FromNetworkFailure(ex, realm.Authority, $"Requesting a token for {registryUri.Authority}");
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new RegistryException(
                    ErrorCodes.RegistryUnauthorized,
                    credentials is null
                        ? $"{tokenService} refused an anonymous token request ({(int)response.StatusCode}) for scope '{scope}'."
                        : $"{tokenService} refused the credentials from {credentials.Source ?? "the build"} ({(int)response.StatusCode}) for scope '{scope}'.",
                    RegistryErrors.CredentialsHint(credentials?.Source),
                    isTransient: false,
                    response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                var transient = RetryPolicy.IsRetryableStatus(response.StatusCode);
                throw new RegistryException(
                    ErrorCodes.RegistryRequestFailed,
                    $"{tokenService} answered {(int)response.StatusCode} {response.ReasonPhrase}{(transient ? " until the retry budget was spent" : string.Empty)}.",
                    transient
                        ? "The token service is overloaded or restarting; try again later or raise the retry budget."
                        : "Check that the registry and its token service are running.",
                    transient,
                    response.StatusCode);
            }

            // Already read, bounded, by the InnerSender.
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return ParseTokenResponse(body, registryUri.Authority);
        }
    }

    internal static CachedToken ParseTokenResponse(byte[] body, string registry)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var token = GetString(root, "token") ?? GetString(root, "access_token");
            if (string.IsNullOrEmpty(token))
            {
                throw new JsonException("no token");
            }

            var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : DefaultTokenLifetime;
            return new CachedToken(token, DateTimeOffset.UtcNow + lifetime - ExpiryMargin);
        }
        catch (JsonException ex)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidAuthChallenge,
                $"The token service of {registry} did not return a token (expected JSON with 'token' or 'access_token').",
                "Check that the registry's token realm points at a Docker token service.",
                ex);
        }
    }

    private static HttpRequestMessage BasicTokenRequest(Uri realm, string? service, string[] scopes, RegistryCredentials? credentials)
    {
        var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] : string.Empty);
        if (!string.IsNullOrEmpty(service))
        {
            Append(query, "service", service);
        }

        foreach (var scope in scopes)
        {
            Append(query, "scope", scope);
        }

        var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realm) { Query = query.ToString() }.Uri);
        if (credentials?.Password is not null)
        {
            request.Headers.Authorization = BasicHeader(credentials);
        }

        return request;
    }

    /// <summary>An identity token from `docker login` is an OAuth2 refresh token.</summary>
    private static HttpRequestMessage RefreshTokenRequest(Uri realm, string? service, string[] scopes, string refreshToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
            new("client_id", ClientId),
        };
        if (!string.IsNullOrEmpty(service))
        {
            form.Add(new("service", service));
        }

        form.AddRange(scopes.Select(s => new KeyValuePair<string, string>("scope", s)));
        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredentials credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));

    private static void Append(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal sealed record CachedToken(string Token, DateTimeOffset ExpiresAt)
    {
        public bool IsValid => DateTimeOffset.UtcNow < ExpiresAt;

        public override string ToString() => $"CachedToken {{ ExpiresAt = {ExpiresAt:O} }}";
    }

    /// <summary>
    /// Hands token requests to the handler below this one, under the token retry handler, and reads the answer there
    /// (bounded): a token answer that breaks off is then retried like one that never came.
    /// </summary>
    private sealed class InnerSender(RegistryAuthenticationHandler owner) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await owner.SendInnerAsync(request, cancellationToken);
            byte[] body;
            try
            {
                body = await BoundedReader.ReadAsync(response.Content, MaxTokenResponseBytes, cancellationToken, what: $"answer of the token service at {request.RequestUri?.Authority}");
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                response.Dispose();
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The token service's answer broke off.", ex);
            }
            catch
            {
                response.Dispose();
                throw;
            }

            var buffered = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content.Dispose();
            response.Content = buffered;
            return response;
        }
    }
}
