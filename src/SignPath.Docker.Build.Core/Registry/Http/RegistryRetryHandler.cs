using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Http;

namespace SignPath.Docker.Build.Registry.Http;

/// <summary>
/// Retries idempotent requests (GET, HEAD, PUT, DELETE, and those marked <see cref="RegistryRequestOptions.Idempotent"/>
/// such as token requests) on 408/429/502/503/504 and transient network errors, waiting
/// per <see cref="RetryPolicy"/> (Retry-After honoured) until the waiting budget is spent. POST and PATCH, and
/// requests marked with <see cref="RegistryRequestOptions.DisableRetry"/> (upload-session steps), pass through:
/// a failed upload is restarted as a whole by the registry client instead.
/// Spec: https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3.
/// </summary>
internal sealed class RegistryRetryHandler : DelegatingHandler
{
    private readonly RetryPolicy _policy;
    private readonly IProgressLog _log;
    private readonly string? _serverKind;

    /// <param name="serverKind">What the retry lines call the server, when the creator knows it (e.g. "token service");
    /// null: told from each request's path (<see cref="RegistryServerKind"/>).</param>
    public RegistryRetryHandler(RetryPolicy policy, IProgressLog log, HttpMessageHandler innerHandler, string? serverKind = null)
        : base(innerHandler)
    {
        _policy = policy;
        _log = log;
        _serverKind = serverKind;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!IsRetryable(request))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        await RequestReplay.EnsureReplayableAsync(request, cancellationToken);
        var waited = TimeSpan.Zero;
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage? response = null;
            var failure = string.Empty;

            // Drawn once per attempt: the back-off is jittered, so the budget check and the wait must see one value.
            var delay = _policy.NextDelay(attempt, null);
            try
            {
                response = await base.SendAsync(request, cancellationToken);
                if (!RetryPolicy.IsRetryableStatus(response.StatusCode))
                {
                    return response;
                }

                delay = _policy.NextDelay(attempt, response);
            }
            catch (HttpRequestException ex) when (NetworkFailure.Classify(ex, request.RequestUri) is { IsTransient: true } network
                && waited + delay <= _policy.Budget)
            {
                failure = network.Reason;
            }

            if (waited + delay > _policy.Budget)
            {
                return response!;
            }

            RetryProgress.Report(
                _log,
                RetryProgress.Server(_serverKind ?? RegistryServerKind.Of(request.RequestUri), request.RequestUri),
                $"{request.Method} {request.RequestUri?.AbsolutePath} {(response is null ? "failed: " + failure : $"answered {(int)response.StatusCode} {response.ReasonPhrase}")}",
                attempt + 1,
                delay,
                RetryProgress.TimeLeft(_policy.Budget - waited - delay));
            response?.Dispose();
            await _policy.Delay(delay, cancellationToken);
            waited += delay;
            RequestReplay.PrepareForResend(request);
        }
    }

    private static bool IsRetryable(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(RegistryRequestOptions.DisableRetry, out var disabled) && disabled)
        {
            return false;
        }

        if (request.Options.TryGetValue(RegistryRequestOptions.Idempotent, out var idempotent) && idempotent)
        {
            return true;
        }

        return request.Method == HttpMethod.Get || request.Method == HttpMethod.Head
            || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete;
    }
}
