namespace SignPath.Docker.Build.Registry.Http;

/// <summary>
/// Asks for HTTP/2 on https, where TLS (ALPN) lets the server choose and every registry behind a modern proxy
/// offers it: parallel signatures then share one connection. Plain http stays HTTP/1.1 (no h2c guessing).
/// Sits below the http fallback, so it sees the scheme actually used.
/// </summary>
internal sealed class HttpVersionHandler(HttpMessageHandler innerHandler) : DelegatingHandler(innerHandler)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Version = request.RequestUri?.Scheme == Uri.UriSchemeHttps ? System.Net.HttpVersion.Version20 : System.Net.HttpVersion.Version11;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;

        return base.SendAsync(request, cancellationToken);
    }
}
