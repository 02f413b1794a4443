namespace SignPath.Docker.Build.Registry.Http;

/// <summary>Innermost handler: records each exchange in <see cref="RegistryRequestStatistics"/>.</summary>
internal sealed class RequestStatisticsHandler : DelegatingHandler
{
    private readonly RegistryRequestStatistics _statistics;

    public RequestStatisticsHandler(RegistryRequestStatistics statistics, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        _statistics = statistics;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            _statistics.RecordConnectionFailure();
            throw;
        }

        var received = request.Method == HttpMethod.Head ? 0 : response.Content.Headers.ContentLength ?? 0;
        _statistics.RecordResponse(request.Method, response.Version, request.Content?.Headers.ContentLength ?? 0, received);
        return response;
    }
}
