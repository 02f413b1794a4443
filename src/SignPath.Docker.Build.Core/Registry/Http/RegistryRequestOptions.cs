namespace SignPath.Docker.Build.Registry.Http;

/// <summary>Per-request switches the registry handlers read from <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class RegistryRequestOptions
{
    /// <summary>
    /// Creates a fresh body for a resend (after a 401, a retry or the http fallback). Set it for streamed bodies so
    /// they need not be buffered; without it, bodies other than byte arrays are buffered in memory before sending.
    /// </summary>
    public static readonly HttpRequestOptionsKey<Func<HttpContent>> ContentFactory = new("SignPath.Registry.ContentFactory");

    /// <summary>Marks a request the retry handler must not repeat (e.g. a step of an upload session).</summary>
    public static readonly HttpRequestOptionsKey<bool> DisableRetry = new("SignPath.Registry.DisableRetry");

    /// <summary>Marks a POST the retry handler may repeat: the OAuth2 token request changes nothing on the server.</summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("SignPath.Registry.Idempotent");

    /// <summary>
    /// The token scope the request needs (space-separated scopes of
    /// https://distribution.github.io/distribution/spec/auth/scope/), set by the caller that knows repository and
    /// action; see <see cref="RegistryScope.For"/>. Without it the scope is guessed from the URL.
    /// </summary>
    public static readonly HttpRequestOptionsKey<string> Scope = new("SignPath.Registry.Scope");

    /// <summary>Set by the authentication handler: where the credentials it used came from, so an error can name it.</summary>
    public static readonly HttpRequestOptionsKey<string> CredentialsSource = new("SignPath.Registry.CredentialsSource");
}
