using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SignPath.Docker.Build.IntegrationTests.Rig;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>
/// A loopback HTTP/1.1 forwarder (Kestrel) in front of one real server (docker-registry, notary-server) that
/// counts every request and misbehaves at exactly the one a <see cref="FaultRule"/> picks. The Host header is
/// passed through, so the server builds Location URLs that point back at the proxy.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Expect", "Upgrade", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly Uri _upstream;
    private readonly HttpClient _forwarder = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromMinutes(1) };
    private readonly Lock _gate = new();
    private readonly List<ProxiedRequest> _requests = [];
    private readonly Dictionary<int, long> _requestBodies = [];
    private LoopbackHttpServer _server = null!;
    private FaultRule? _rule;
    private int _matched;
    private bool _fired;

    private FaultProxy(Uri upstream)
    {
        _upstream = upstream;
    }

    /// <summary>"127.0.0.1:port" of the proxy, to use instead of the server's address.</summary>
    public string Authority { get; private set; } = string.Empty;

    public Uri Url => new($"http://{Authority}/");

    /// <summary>The body size of a <see cref="FaultKind.OversizedBody"/> answer.</summary>
    public const int OversizedBodyBytes = 256 * 1024;

    /// <summary>How long a <see cref="FaultKind.Stall"/> keeps the request open (the client should give up first).</summary>
    public TimeSpan StallFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every request since start or the last <see cref="Reset"/>, in arrival order.</summary>
    public IReadOnlyList<ProxiedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>True once the armed rule has picked its request.</summary>
    public bool Fired
    {
        get
        {
            lock (_gate)
            {
                return _fired;
            }
        }
    }

    public static async Task<FaultProxy> StartAsync(Uri upstream)
    {
        var proxy = new FaultProxy(upstream);
        proxy._server = await LoopbackHttpServer.StartAsync(proxy.HandleAsync);
        proxy.Authority = $"127.0.0.1:{proxy._server.Url.Port}";
        return proxy;
    }

    /// <summary>Forgets counted requests and arms <paramref name="rule"/> (null: forward everything).</summary>
    public void Reset(FaultRule? rule = null)
    {
        lock (_gate)
        {
            _requests.Clear();
            _requestBodies.Clear();
            _rule = rule;
            _matched = 0;
            _fired = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _forwarder.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        FaultKind? fault = null;
        int ordinal;
        lock (_gate)
        {
            ordinal = _requests.Count + 1;
            if (_rule is { } rule && rule.Matches(method, target) && ++_matched >= rule.Ordinal && _matched < rule.Ordinal + rule.Times)
            {
                fault = rule.Kind;
                _fired = true;
            }

            // Reserve the slot now so that concurrent requests keep their arrival order.
            _requests.Add(new ProxiedRequest(ordinal, method, target, 0, 0, fault));
        }

        var (status, bodyBytes) = fault switch
        {
            FaultKind.TooManyRequests => await AnswerAsync(context, 429),
            FaultKind.InternalServerError => await AnswerAsync(context, 500),
            FaultKind.BadGateway => await AnswerAsync(context, 502),
            FaultKind.ServiceUnavailable => await AnswerAsync(context, 503),
            FaultKind.Stall => await StallAsync(context),
            _ => await ForwardAsync(context, ordinal, method, target, fault),
        };

        lock (_gate)
        {
            _requests[ordinal - 1] = new ProxiedRequest(ordinal, method, target, status, bodyBytes, fault)
            {
                RequestBodyBytes = _requestBodies.GetValueOrDefault(ordinal),
                UserAgent = context.Request.Headers.UserAgent.ToString(),
            };
        }
    }

    private static async Task<(int, long)> AnswerAsync(HttpContext context, int status)
    {
        await DrainAsync(context.Request.Body, context.RequestAborted);
        context.Response.StatusCode = status;
        if (status == 429)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        var body = Encoding.UTF8.GetBytes($"{{\"errors\":[{{\"code\":\"UNAVAILABLE\",\"message\":\"injected fault {status}\"}}]}}");
        context.Response.ContentType = "application/json";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return (status, 0);
        }

        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
        return (status, body.Length);
    }

    private async Task<(int, long)> StallAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(StallFor, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, as it should.
        }

        context.Abort();
        return (0, 0);
    }

    private async Task<(int, long)> ForwardAsync(HttpContext context, int ordinal, string method, string target, FaultKind? fault)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        lock (_gate)
        {
            _requestBodies[ordinal] = body.Length;
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_upstream, target));
        if (body.Length > 0 || context.Request.ContentLength is not null || HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method))
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Headers.Host = context.Request.Host.Value;
        using var response = await _forwarder.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        var responseBody = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        var status = (int)response.StatusCode;
        var isHead = HttpMethods.IsHead(method);

        if (fault == FaultKind.ResetMidBody && (isHead || responseBody.Length < 2))
        {
            // Nothing may reach the client, or it would see a complete (empty) response.
            context.Abort();
            return (status, responseBody.Length);
        }

        context.Response.StatusCode = status;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (HopByHop.Contains(header.Key))
            {
                continue;
            }

            var values = header.Key.Equals("Location", StringComparison.OrdinalIgnoreCase)
                ? header.Value.Select(v => v.Replace(_upstream.Authority, Authority, StringComparison.OrdinalIgnoreCase)).ToArray()
                : header.Value.ToArray();
            context.Response.Headers[header.Key] = values;
        }

        if (isHead)
        {
            context.Response.ContentLength = response.Content.Headers.ContentLength;
            return (status, 0);
        }

        var sent = fault switch
        {
            FaultKind.ResetMidBody or FaultKind.TruncatedBody when responseBody.Length >= 2 => responseBody[..(responseBody.Length / 2)],
            FaultKind.OversizedBody => [.. responseBody, .. Enumerable.Repeat((byte)' ', Math.Max(0, OversizedBodyBytes - responseBody.Length))],
            _ => responseBody,
        };
        context.Response.ContentLength = fault == FaultKind.ResetMidBody ? responseBody.Length : sent.Length;
        await context.Response.Body.WriteAsync(sent, context.RequestAborted);
        if (fault == FaultKind.ResetMidBody)
        {
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
        }

        return (status, responseBody.Length);
    }

    private static async Task DrainAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (await body.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }
}
