using System.Collections.Concurrent;

namespace SignPath.Docker.Build.Tests.Registry;

/// <summary>A scripted transport: answers each request with the responder and records what was sent.</summary>
internal sealed class FakeRegistryHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, HttpResponseMessage> _respond;

    public FakeRegistryHandler(Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        _respond = respond;
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), request.Headers.UserAgent.ToString(), body));
        var response = _respond(request);
        response.RequestMessage = request;
        return response;
    }

    internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string UserAgent, byte[] Body);
}
