using System.Net;

namespace SignPath.Docker.Build.Tests.SignPath;

/// <summary>Answers requests from a script of responders (then a fallback) and records what was sent.</summary>
internal sealed class FakeHttpMessageHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();

    public List<RecordedRequest> Requests { get; } = [];

    public Func<HttpRequestMessage, HttpResponseMessage> Fallback { get; set; } =
        _ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("no scripted response") };

    /// <summary>Runs when a request arrives, before it is answered (e.g. to cancel the caller).</summary>
    public Action<HttpRequestMessage>? OnRequest { get; set; }

    public FakeHttpMessageHandler Then(Func<HttpRequestMessage, HttpResponseMessage> responder)
    {
        _script.Enqueue(responder);
        return this;
    }

    public FakeHttpMessageHandler Then(HttpStatusCode status, string? body = null, Action<HttpResponseMessage>? configure = null) =>
        Then(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body ?? string.Empty) };
            configure?.Invoke(response);
            return response;
        });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), request.Headers.UserAgent.ToString(), body));
        OnRequest?.Invoke(request);
        cancellationToken.ThrowIfCancellationRequested();
        var responder = _script.Count > 0 ? _script.Dequeue() : Fallback;
        var response = responder(request);
        response.RequestMessage = request;
        return response;
    }
}
