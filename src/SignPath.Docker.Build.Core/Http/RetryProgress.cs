using System.Globalization;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Http;

/// <summary>
/// The one line every client prints before it waits to try a request again, so that no build sits silent:
/// "SignPath at 127.0.0.1:5080: answered 503 Service Unavailable to submit the signing request (attempt 1); next try
/// in 2 s, 598 s left of the retry budget (SignPathServiceUnavailableTimeout)."
/// </summary>
internal static class RetryProgress
{
    /// <summary>Shorter waits stay at detailed verbosity, except the first: it may be the start of a long wait.</summary>
    public static readonly TimeSpan ShownFrom = TimeSpan.FromSeconds(1);

    /// <param name="server">Which server and where, e.g. "registry at 127.0.0.1:5000".</param>
    /// <param name="failure">What failed, e.g. "GET /v2/app/manifests/1.0 answered 503 Service Unavailable".</param>
    /// <param name="attempt">1 for the first failed attempt.</param>
    /// <param name="budgetLeft">What is left after this wait, from <see cref="TimeLeft"/> or <see cref="AttemptsLeft"/>.</param>
    public static void Report(IProgressLog log, string server, string failure, int attempt, TimeSpan nextTry, string budgetLeft)
    {
        ArgumentNullException.ThrowIfNull(log);
        var line = Format(server, failure, attempt, nextTry, budgetLeft);
        if (attempt == 1 || nextTry >= ShownFrom)
        {
            log.Info(line);
        }
        else
        {
            log.Detail(line);
        }
    }

    public static string Format(string server, string failure, int attempt, TimeSpan nextTry, string budgetLeft) =>
        string.Create(CultureInfo.InvariantCulture, $"{server}: {failure} (attempt {attempt}); next try in {Seconds(nextTry)} s, {budgetLeft}.");

    /// <param name="setting">The property that sets the budget, named so the user knows what to raise.</param>
    public static string TimeLeft(TimeSpan left, string? setting = null)
    {
        var seconds = Seconds(left < TimeSpan.Zero ? TimeSpan.Zero : left);
        return setting is null ? $"{seconds} s left of the retry budget" : $"{seconds} s left of the retry budget ({setting})";
    }

    public static string AttemptsLeft(int attempts) => attempts == 1 ? "1 attempt left" : $"{attempts} attempts left";

    /// <summary>"Server at host:port", the way every retry line and error names a server.</summary>
    public static string Server(string kind, Uri? url) => url is null ? kind : $"{kind} at {url.Authority}";

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString(span.TotalSeconds >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture);
}
