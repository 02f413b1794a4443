using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Http;

namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// SignPath's REST API for one organization: submit a signing request, wait for it, download the
/// signed artifact. Transient failures are retried within <see cref="SignPathClientOptions.ServiceUnavailableTimeout"/>:
/// GETs on 429/502/503/504, network errors and timeouts; the submit POST only when the server
/// certainly did not accept it (429/503, or no connection was made), because a retried POST after
/// a 502/504 or a timeout could create a second signing request that an approver then sees twice.
/// </summary>
public sealed partial class SignPathClient : IDisposable
{
    private const int MaxErrorBodyChars = 64 * 1024;
    private const int MaxSigningPoliciesBytes = 1024 * 1024;

    private readonly SignPathClientOptions _options;
    private readonly IProgressLog _log;
    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;
    private readonly Uri _organizationBase;

    // Until SignPath has answered once, a 404 without SignPath's error body means the API URL is wrong.
    private volatile bool _answered;

    public SignPathClient(SignPathClientOptions options, IProgressLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _options = options;
        _log = log ?? NullProgressLog.Instance;
        _ownsHttpClient = options.HttpClient is null;
        // Per-attempt timeouts come from RequestTimeout, so the owned client must not add its own.
        _http = options.HttpClient ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var apiRoot = options.ApiUrl.AbsoluteUri.EndsWith('/') ? options.ApiUrl : new Uri(options.ApiUrl.AbsoluteUri + "/");
        _organizationBase = new Uri(apiRoot, $"v1/{Uri.EscapeDataString(options.OrganizationId)}/");
    }

    /// <summary>Submits, waits for completion and streams the signed artifact into <paramref name="destination"/>.</summary>
    public async Task<SigningRequest> SignAsync(SigningRequestSubmission submission, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.CancellationTimeout is null)
        {
            // A little after the build stops waiting, so the build reports its own timeout (SPD3007) rather than
            // racing the service's cancellation (SPD3006).
            var margin = TimeSpan.FromTicks(Math.Clamp(_options.WaitForCompletionTimeout.Ticks / 10, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));
            submission = submission.WithCancellationTimeout(_options.WaitForCompletionTimeout + margin);
        }

        var request = await SubmitAsync(submission, cancellationToken);
        try
        {
            await WaitForCompletionAsync(request, cancellationToken);
        }
        catch (SignPathDockerException e) when (e.Code == ErrorCodes.SigningFailed)
        {
            throw ArtifactConfigurationFailure.Explain(e, submission.ArtifactConfigurationSlug);
        }

        await DownloadSignedArtifactAsync(request, destination, cancellationToken);
        return request;
    }

    public async Task<SigningRequest> SubmitAsync(SigningRequestSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (!submission.Artifact.CanSeek)
        {
            throw new ArgumentException("The artifact stream must be seekable so that a retried upload can start over.", nameof(submission));
        }

        var start = submission.Artifact.Position;
        var url = new Uri(_organizationBase, "SigningRequests");
        var location = await SendAsync(
            "submit the signing request",
            () => new HttpRequestMessage(HttpMethod.Post, url) { Content = CreateSubmitContent(submission, start) },
            isSubmit: true,
            HttpCompletionOption.ResponseContentRead,
            (response, _) => Task.FromResult(response.Headers.Location is { } header
                ? (header.IsAbsoluteUri ? header : new Uri(url, header))
                : null),
            cancellationToken);

        var match = location is null ? null : SigningRequestIdPattern().Match(location.AbsoluteUri);
        if (match is not { Success: true } || !Guid.TryParse(match.Groups[1].Value, out var id))
        {
            throw new SignPathDockerException(
                ErrorCodes.SignPathRequestFailed,
                $"SignPath accepted the signing request but its answer has no usable Location header ('{location}').",
                "Check that SignPathApiUrl points to the SignPath API (e.g. https://app.signpath.io/Api/).");
        }

        // The URL is rebuilt from the configured API root rather than taken from Location, so the
        // bearer token is only ever sent to the host the user configured.
        var request = new SigningRequest(
            id,
            new Uri(_organizationBase, $"SigningRequests/{id:D}"),
            SignPathWebLink.For(_options.ApiUrl, _options.OrganizationId, id));
        _log.Info($"Submitted SignPath signing request {id:D}: {request.WebLink}");
        return request;
    }

    public Task<SigningRequestStatus> GetStatusAsync(SigningRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(
            $"get the status of signing request {request.Id:D}",
            () => new HttpRequestMessage(HttpMethod.Get, request.Url),
            isSubmit: false,
            HttpCompletionOption.ResponseContentRead,
            async (response, token) =>
            {
                try
                {
                    return SigningRequestStatus.Parse(await response.Content.ReadAsByteArrayAsync(token));
                }
                catch (JsonException e)
                {
                    // JsonException quotes the body; it is redacted and not kept as inner exception.
                    throw new SignPathDockerException(
                        ErrorCodes.SignPathRequestFailed,
                        $"SignPath's answer about signing request {request.Id:D} is not the expected JSON: {Redact(e.Message)}",
                        "Check that SignPathApiUrl points to the SignPath API.");
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// Polls until SignPath reports a final status. Returns the status of a completed request and
    /// throws <see cref="SignPathDockerException"/> for every other outcome.
    /// </summary>
    public async Task<SigningRequestStatus> WaitForCompletionAsync(SigningRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        var polls = 0;
        SigningRequestStatus status;
        while (true)
        {
            status = await GetStatusAsync(request, cancellationToken);
            if (status.IsFinalStatus)
            {
                break;
            }

            var elapsed = stopwatch.Elapsed;
            if (elapsed >= _options.WaitForCompletionTimeout)
            {
                throw new SignPathDockerException(
                    ErrorCodes.SigningTimedOut,
                    $"Signing request {request.Id:D} did not complete within {Format(_options.WaitForCompletionTimeout)} (last status: {Describe(status)}). See {request.WebLink}",
                    "Raise SignPathWaitForCompletionTimeout, or approve the signing request faster.");
            }

            if (elapsed - lastProgress >= _options.ProgressInterval)
            {
                lastProgress = elapsed;
                _log.Info($"Waiting for signing request {request.Id:D}: {Describe(status)}, {Format(elapsed)} elapsed. {request.WebLink}");
            }

            await Task.Delay(NextPollDelay(++polls, elapsed, lastProgress), cancellationToken);
        }

        ThrowUnlessCompleted(request, status);
        _log.Info($"Signing request {request.Id:D} completed after {Format(stopwatch.Elapsed)}.");
        return status;
    }

    /// <summary>
    /// Signing without approval usually takes seconds, so the first polls come sooner (0.5, 1, 2 s …) up to
    /// PollInterval; never later than the next progress line is due, so CI logs show one every ProgressInterval,
    /// and never past the timeout.
    /// </summary>
    private TimeSpan NextPollDelay(int polls, TimeSpan elapsed, TimeSpan lastProgress)
    {
        var backoff = TimeSpan.FromMilliseconds(500 * Math.Pow(2, Math.Min(polls - 1, 10)));
        var progressDue = _options.ProgressInterval - (elapsed - lastProgress);
        var delay = new[] { backoff, _options.PollInterval, progressDue, _options.WaitForCompletionTimeout - elapsed }.Min();
        // Task.Delay truncates to whole milliseconds; rounding up makes the progress line due when we wake.
        return TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(delay.TotalMilliseconds)));
    }

    /// <summary>
    /// Streams the signed artifact into <paramref name="destination"/>. Not retried once bytes have
    /// been written, because <paramref name="destination"/> may not be rewindable.
    /// </summary>
    public Task DownloadSignedArtifactAsync(SigningRequest request, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destination);
        // Built from the request URL instead of following signedArtifactLink, for the same reason as in SubmitAsync.
        var url = new Uri(request.Url.AbsoluteUri + "/SignedArtifact");
        return SendAsync(
            $"download the signed artifact of signing request {request.Id:D}",
            () => new HttpRequestMessage(HttpMethod.Get, url),
            isSubmit: false,
            HttpCompletionOption.ResponseHeadersRead,
            async (response, token) =>
            {
                var max = _options.MaxSignedArtifactBytes;
                if (response.Content.Headers.ContentLength > max)
                {
                    throw TooLarge(request, max);
                }

                await using var body = await response.Content.ReadAsStreamAsync(token);
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, token)) > 0)
                {
                    total += read;
                    if (total > max)
                    {
                        throw TooLarge(request, max);
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, read), token);
                }

                _log.Detail($"Downloaded the signed artifact of signing request {request.Id:D} ({total} bytes).");
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// The JSON SignPath answers for <c>GET Cryptoki/MySigningPolicies?projectSlug=…&amp;signingPolicySlug=…</c>
    /// (https://docs.signpath.io/crypto-providers/rest-api, "Retrieve Signing Policy details"): the policy's
    /// certificate and public key. Read by <see cref="SigningPolicyKeyClient"/>; retried like every GET.
    /// </summary>
    public Task<byte[]> GetMySigningPoliciesAsync(string projectSlug, string signingPolicySlug, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectSlug);
        ArgumentException.ThrowIfNullOrWhiteSpace(signingPolicySlug);
        var url = new Uri(_organizationBase, $"Cryptoki/MySigningPolicies?projectSlug={Uri.EscapeDataString(projectSlug)}&signingPolicySlug={Uri.EscapeDataString(signingPolicySlug)}");
        return SendAsync(
            $"get the certificate of signing policy '{signingPolicySlug}' of project '{projectSlug}'",
            () => new HttpRequestMessage(HttpMethod.Get, url),
            isSubmit: false,
            HttpCompletionOption.ResponseHeadersRead,
            (response, token) => BoundedReader.ReadAsync(
                response.Content,
                MaxSigningPoliciesBytes,
                token,
                tooLarge: _ => new SignPathDockerException(
                    ErrorCodes.SigningPolicyKeyUnavailable,
                    $"SignPath's answer about signing policy '{signingPolicySlug}' is larger than {MaxSigningPoliciesBytes} bytes.",
                    "Check that SignPathApiUrl points to the SignPath API.")),
            cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    internal static void ThrowUnlessCompleted(SigningRequest request, SigningRequestStatus status)
    {
        if (Is(status.Status, SigningRequestStates.Denied))
        {
            throw new SignPathDockerException(
                ErrorCodes.SigningDenied,
                $"Signing request {request.Id:D} was denied. See {request.WebLink}",
                "An approver of the signing policy denied the request; ask them why, or use another signing policy.");
        }

        if (Is(status.Status, SigningRequestStates.Canceled))
        {
            throw new SignPathDockerException(
                ErrorCodes.SigningCanceled,
                $"Signing request {request.Id:D} was canceled. See {request.WebLink}",
                "Someone canceled it in SignPath, or SignPath's cancellation timeout elapsed; submit again.");
        }

        if (Is(status.WorkflowStatus, SigningRequestStates.ArtifactRetrievalFailed) || Is(status.Status, SigningRequestStates.Failed))
        {
            throw new SignPathDockerException(
                ErrorCodes.SigningFailed,
                $"Signing request {request.Id:D} failed ({Describe(status)}). See {request.WebLink}",
                $"Open the signing request in SignPath for the reason; check that the artifact configuration matches the artifact (README, \"{ArtifactConfigurationFailure.ReadmeSection}\").");
        }

        if (!Is(status.Status, SigningRequestStates.Completed))
        {
            throw new SignPathDockerException(
                ErrorCodes.SignPathRequestFailed,
                $"Signing request {request.Id:D} ended with the unexpected status {Describe(status)}. See {request.WebLink}");
        }
    }

    private async Task<T> SendAsync<T>(
        string operation,
        Func<HttpRequestMessage> createRequest,
        bool isSubmit,
        HttpCompletionOption completion,
        Func<HttpResponseMessage, CancellationToken, Task<T>> onSuccess,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            var failure = "did not answer";
            TimeSpan? retryAfter = null;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCts.CancelAfter(_options.RequestTimeout);
                using var request = createRequest();
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiToken);
                request.Headers.TryAddWithoutValidation("User-Agent", UserAgent.Value);
                HttpResponseMessage? response = null;
                try
                {
                    response = await _http.SendAsync(request, completion, attemptCts.Token);
                }
                catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
                {
                    var network = NetworkFailure.Classify(e, request.RequestUri);
                    if (!network.IsTransient)
                    {
                        throw NotReachable(operation, network, e);
                    }

                    failure = Redact(network.Reason);
                    if (isSubmit && !IsFailureBeforeSending(e))
                    {
                        throw Unavailable(operation, failure + ". The signing request may have been created; check SignPath before submitting again.", e);
                    }
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"did not answer within {Format(_options.RequestTimeout)}";
                    if (isSubmit)
                    {
                        throw Unavailable(operation, "SignPath " + failure + ". The signing request may have been created; check SignPath before submitting again.", e);
                    }
                }

                if (response is not null)
                {
                    using (response)
                    {
                        if (response.IsSuccessStatusCode)
                        {
                            _answered = true;
                            return await onSuccess(response, attemptCts.Token);
                        }

                        if (isSubmit && response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout)
                        {
                            throw Unavailable(
                                operation,
                                $"SignPath answered {(int)response.StatusCode} {response.ReasonPhrase}. The signing request may have been created; check SignPath before submitting again.",
                                null);
                        }

                        if (!IsRetryable(response.StatusCode, isSubmit))
                        {
                            throw await ErrorFromResponseAsync(operation, response, attemptCts.Token);
                        }

                        failure = $"answered {(int)response.StatusCode} {response.ReasonPhrase}";
                        retryAfter = RetryDelays.FromRetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow);
                    }
                }
            }

            var delay = RetryDelays.Next(attempt, retryAfter, _options.RetryBaseDelay, _options.RetryMaxDelay);
            var left = _options.ServiceUnavailableTimeout - stopwatch.Elapsed - delay;
            if (left < TimeSpan.Zero)
            {
                throw Unavailable(operation, $"SignPath {failure}; gave up after {attempt + 1} attempt(s) in {Format(stopwatch.Elapsed)}.", null);
            }

            RetryProgress.Report(_log, RetryProgress.Server("SignPath", _options.ApiUrl), $"{failure} to {operation}", attempt + 1, delay, RetryProgress.TimeLeft(left, "SignPathServiceUnavailableTimeout"));
            await Task.Delay(delay, cancellationToken);
        }
    }

    private static bool IsRetryable(HttpStatusCode status, bool isSubmit) => status switch
    {
        HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable => true,
        HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => !isSubmit,
        _ => false,
    };

    // Only failures that happen before any request byte leaves the machine are safe for a POST.
    private static bool IsFailureBeforeSending(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;

    private async Task<SignPathDockerException> ErrorFromResponseAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await ReadBoundedAsync(response.Content, cancellationToken);
        }
        catch (HttpRequestException)
        {
            body = string.Empty;
        }

        var statusText = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var serverMessage = Redact(SignPathErrorMessage.Extract(body));
        var message = $"Could not {operation}: SignPath answered {statusText}. Server message: '{serverMessage}'";
        if (IsOriginRefusal(response.StatusCode, serverMessage))
        {
            return new SignPathDockerException(
                ErrorCodes.OriginVerificationFailed,
                $"SignPath refused the signing request because of its origin: {serverMessage} ({statusText})",
                "The signing policy verifies where an artifact comes from. Check the 'SignPath origin:' line above: build in the CI linked to the project as trusted build system, from a git checkout or with the SignPathOrigin* properties, on a branch the policy allows.");
        }

        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new SignPathDockerException(
                ErrorCodes.SignPathUnauthorized,
                message,
                "Check the API token in SIGNPATH_API_TOKEN / SignPathApiToken: it must be a valid token, usually of a CI user of this organization."),
            // A JSON body is SignPath's own answer (e.g. an unknown project); anything else is a path SignPath does not serve.
            HttpStatusCode.NotFound when !_answered && !body.TrimStart().StartsWith('{') => new SignPathDockerException(
                ErrorCodes.SignPathApiNotFound,
                $"Could not {operation}: {response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Path)} answered {statusText}, so SignPathApiUrl does not point to the SignPath API. Server message: '{serverMessage}'",
                $"Set SignPathApiUrl to SignPath's API root (default {SignPathClientOptions.DefaultApiUrl}; a self-hosted SignPath's ends in /Api/) and check SignPathOrganizationId."),
            HttpStatusCode.Forbidden => new SignPathDockerException(
                ErrorCodes.SignPathForbidden,
                message,
                "Check that the token's user is a submitter of the signing policy, that SignPathOrganizationId is right, and that the project's trusted build system is linked if it requires one."),
            _ => new SignPathDockerException(
                ErrorCodes.SignPathRequestFailed,
                message,
                "Check SignPathProjectSlug, SignPathSigningPolicySlug and SignPathArtifactConfigurationSlug against the project in SignPath."),
        };
    }

    // SignPath's answer to a request that fails origin verification is not documented; the local signing service answers
    // 403 "Origin verification failed: …". Any 400/403 that speaks of the origin gets the origin's code and hint.
    private static bool IsOriginRefusal(HttpStatusCode status, string serverMessage) =>
        status is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest
        && OriginWord().IsMatch(serverMessage);

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        var buffer = new char[MaxErrorBodyChars];
        var length = await reader.ReadBlockAsync(buffer, cancellationToken);
        return new string(buffer, 0, length);
    }

    private SignPathDockerException Unavailable(string operation, string failure, Exception? inner) => new(
        ErrorCodes.SignPathUnavailable,
        $"Could not {operation}: {Redact(failure)}",
        "SignPath is unreachable or overloaded. Check SignPathApiUrl and the network, retry later, or raise SignPathServiceUnavailableTimeout.",
        inner);

    /// <summary>No retry can fix a host name that does not resolve, a rejected certificate or a local port nobody listens on.</summary>
    private SignPathDockerException NotReachable(string operation, NetworkFailure failure, HttpRequestException inner) => new(
        failure.IsTls ? ErrorCodes.SignPathTlsFailed : ErrorCodes.SignPathUnreachable,
        $"Could not {operation}: {Redact(failure.Reason)}.",
        failure.Hint("SignPathApiUrl"),
        inner);

    private static SignPathDockerException TooLarge(SigningRequest request, long max) => new(
        ErrorCodes.InvalidSignedArtifact,
        $"The signed artifact of signing request {request.Id:D} is larger than {max} bytes.",
        "Check that the artifact configuration is the one for container signing.");

    private static MultipartFormDataContent CreateSubmitContent(SigningRequestSubmission submission, long start)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(submission.ProjectSlug), "ProjectSlug" },
            { new StringContent(submission.SigningPolicySlug), "SigningPolicySlug" },
        };
        if (!string.IsNullOrEmpty(submission.ArtifactConfigurationSlug))
        {
            content.Add(new StringContent(submission.ArtifactConfigurationSlug), "ArtifactConfigurationSlug");
        }

        content.Add(new StringContent(submission.Description ?? string.Empty), "Description");
        if (submission.CancellationTimeout is { } cancelAfter)
        {
            // Whole seconds, at least 1: 0 would mean "never" to SignPath.
            var seconds = Math.Max(1, (long)Math.Ceiling(cancelAfter.TotalSeconds));
            content.Add(new StringContent(seconds.ToString(CultureInfo.InvariantCulture)), "CancellationTimeoutInSeconds");
        }

        foreach (var (name, value) in submission.Origin.Fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (name, value) in submission.Parameters)
        {
            content.Add(new StringContent(value), "Parameters." + name);
        }

        var artifact = new RewindingStreamContent(submission.Artifact, start);
        artifact.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(artifact, "Artifact", submission.ArtifactFileName);
        return content;
    }

    // Belt and braces: nothing should ever echo the token, but a server or proxy message might.
    private string Redact(string text) => text.Replace(_options.ApiToken, "***", StringComparison.Ordinal);

    private static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    private static string Describe(SigningRequestStatus status) =>
        status.WorkflowStatus is { Length: > 0 } workflow && !string.Equals(workflow, status.Status, StringComparison.OrdinalIgnoreCase)
            ? $"{status.Status} ({workflow})"
            : status.Status ?? "(no status)";

    private static string Format(TimeSpan span) => span.ToString(span.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss\.f", CultureInfo.InvariantCulture);

    private static void Validate(SignPathClientOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OrganizationId))
        {
            throw new SignPathDockerException(ErrorCodes.MissingOrganizationId, "No SignPath organization ID was given.", "Set SignPathOrganizationId.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiToken))
        {
            throw new SignPathDockerException(ErrorCodes.MissingApiToken, "No SignPath API token was given.", "Set the SIGNPATH_API_TOKEN environment variable or SignPathApiToken.");
        }

        if (!options.ApiUrl.IsAbsoluteUri || (options.ApiUrl.Scheme != Uri.UriSchemeHttps && options.ApiUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new SignPathDockerException(ErrorCodes.InvalidUrl, $"The SignPath API URL '{options.ApiUrl}' is not an absolute http(s) URL.", "Set SignPathApiUrl to e.g. https://app.signpath.io/Api/.");
        }

        foreach (var (name, value) in new[]
        {
            ("PollInterval", options.PollInterval),
            ("ProgressInterval", options.ProgressInterval),
            ("WaitForCompletionTimeout", options.WaitForCompletionTimeout),
            ("ServiceUnavailableTimeout", options.ServiceUnavailableTimeout),
            ("RequestTimeout", options.RequestTimeout),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new SignPathDockerException(ErrorCodes.InvalidTimeout, $"SignPath {name} must be positive, not {value}.", $"Set SignPath{name} to a positive duration.");
            }
        }
    }

    [GeneratedRegex(@"\borigin\b", RegexOptions.IgnoreCase)]
    private static partial Regex OriginWord();

    [GeneratedRegex("SigningRequests/([0-9a-f-]{36})", RegexOptions.IgnoreCase)]
    private static partial Regex SigningRequestIdPattern();
}
