using System.Collections.Concurrent;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Http;

namespace SignPath.Docker.Build.Registry.Http;

/// <summary>
/// Like the .NET SDK: requests always start as https; for registries the <see cref="InsecureRegistryPolicy"/>
/// allows (loopback, configured insecure ones), a TLS failure is retried once over plain http and, when that
/// works, the registry is remembered so every later request goes straight to http.
/// </summary>
internal sealed class HttpSchemeFallbackHandler : DelegatingHandler
{
    private readonly InsecureRegistryPolicy _policy;
    private readonly IProgressLog _log;
    private readonly ConcurrentDictionary<string, bool> _useHttp = new(StringComparer.OrdinalIgnoreCase);

    public HttpSchemeFallbackHandler(InsecureRegistryPolicy policy, IProgressLog log, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        _policy = policy;
        _log = log;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        if (uri.Scheme != Uri.UriSchemeHttps || !_policy.AllowsHttp(uri))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (_useHttp.ContainsKey(uri.Authority))
        {
            request.RequestUri = ToHttp(uri);
            return await base.SendAsync(request, cancellationToken);
        }

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        // A server that presented a certificate speaks TLS: plain http would only turn "untrusted certificate" into a
        // minute of retries of a broken connection.
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.SecureConnectionError
            && NetworkFailure.Classify(ex, uri).Kind != NetworkFailureKind.CertificateRejected)
        {
            request.RequestUri = ToHttp(uri);
            RequestReplay.PrepareForResend(request);
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                _useHttp[uri.Authority] = true;
                _log.Detail($"{uri.Authority} does not speak TLS; using plain http for it (allowed for loopback and insecure registries).");
                return response;
            }
            catch (HttpRequestException httpFailure) when (RetryPolicy.IsTransient(httpFailure))
            {
                // Plain http connected and then broke off: the registry does speak http. Remember that and let the
                // retry handler repeat the request over http, instead of reporting a TLS error nobody can fix.
                _useHttp[uri.Authority] = true;
                request.RequestUri = uri;
                throw;
            }
            catch (HttpRequestException)
            {
                // Plain http did not work either: the TLS failure is the more useful error.
                request.RequestUri = uri;
            }

            throw;
        }
    }

    private static Uri ToHttp(Uri uri) =>
        new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri;
}
