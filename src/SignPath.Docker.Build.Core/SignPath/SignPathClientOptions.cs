using System.Globalization;

namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// Where and how <see cref="SignPathClient"/> talks to SignPath. <see cref="ToString"/> leaves out
/// <see cref="ApiToken"/> so the options can be logged safely.
/// </summary>
public sealed class SignPathClientOptions
{
    public static readonly Uri DefaultApiUrl = new("https://app.signpath.io/Api/");

    public static readonly TimeSpan DefaultProgressInterval = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultWaitForCompletionTimeout = TimeSpan.FromMinutes(10);

    /// <summary>600 s, the default of SignPath's own tools (ServiceUnavailableTimeoutInSeconds).</summary>
    public static readonly TimeSpan DefaultServiceUnavailableTimeout = TimeSpan.FromMinutes(10);

    public Uri ApiUrl { get; init; } = DefaultApiUrl;

    public required string OrganizationId { get; init; }

    /// <summary>Bearer token of a CI user (or interactive user). Never logged.</summary>
    public required string ApiToken { get; init; }

    /// <summary>Time between two status requests while waiting for completion.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a "still waiting" line is reported while waiting for completion.</summary>
    public TimeSpan ProgressInterval { get; init; } = DefaultProgressInterval;

    public TimeSpan WaitForCompletionTimeout { get; init; } = DefaultWaitForCompletionTimeout;

    /// <summary>
    /// Retry budget of a single call while SignPath answers 429/502/503/504 or cannot be reached, like SignPath's
    /// ServiceUnavailableTimeoutInSeconds; separate from <see cref="WaitForCompletionTimeout"/>.
    /// </summary>
    public TimeSpan ServiceUnavailableTimeout { get; init; } = DefaultServiceUnavailableTimeout;

    /// <summary>Limit of one HTTP attempt, upload and download bodies included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Downloads larger than this are refused: signed container artifacts are small.</summary>
    public long MaxSignedArtifactBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Reused for every request when given; the caller keeps ownership.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>First retry delay without Retry-After; doubled per attempt. Tests shorten it.</summary>
    internal TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    internal TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ApiUrl={ApiUrl}, OrganizationId={OrganizationId}, ApiToken={(string.IsNullOrEmpty(ApiToken) ? "(none)" : "***")}, " +
        $"PollInterval={PollInterval}, ProgressInterval={ProgressInterval}, WaitForCompletionTimeout={WaitForCompletionTimeout}, " +
        $"ServiceUnavailableTimeout={ServiceUnavailableTimeout}, RequestTimeout={RequestTimeout}");
}
