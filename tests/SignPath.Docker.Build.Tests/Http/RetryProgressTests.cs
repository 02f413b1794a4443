using SignPath.Docker.Build.Http;
using SignPath.Docker.Build.Tests.Fakes;
using Xunit;

namespace SignPath.Docker.Build.Tests.Http;

public sealed class RetryProgressTests
{
    [Fact]
    public void TheLineSaysWhichServerWhatFailedTheAttemptTheWaitAndTheBudgetLeft()
    {
        var line = RetryProgress.Format(
            RetryProgress.Server("SignPath", new Uri("https://app.signpath.io/Api/")),
            "answered 503 Service Unavailable to submit the signing request",
            2,
            TimeSpan.FromSeconds(2),
            RetryProgress.TimeLeft(TimeSpan.FromSeconds(597.4), "SignPathServiceUnavailableTimeout"));

        Assert.Equal(
            "SignPath at app.signpath.io: answered 503 Service Unavailable to submit the signing request (attempt 2); next try in 2 s, " +
            "597 s left of the retry budget (SignPathServiceUnavailableTimeout).",
            line);
    }

    [Theory]
    [InlineData(1, 200, "info")]
    [InlineData(2, 500, "detail")]
    [InlineData(2, 1000, "info")]
    [InlineData(5, 8000, "info")]
    public void WaitsOfASecondOrMoreAndTheFirstFailureShowAtNormalVerbosity(int attempt, int milliseconds, string level)
    {
        var log = new RecordingProgressLog();

        RetryProgress.Report(log, "registry at 127.0.0.1:5000", "GET /v2/ answered 503", attempt, TimeSpan.FromMilliseconds(milliseconds), RetryProgress.AttemptsLeft(1));

        Assert.StartsWith(level + ": ", Assert.Single(log.Lines), StringComparison.Ordinal);
    }
}
