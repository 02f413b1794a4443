using System.Net.Http.Headers;
using SignPath.Docker.Build.Http;
using Xunit;

namespace SignPath.Docker.Build.Tests.Http;

public sealed class RetryDelaysTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RetryAfterInSecondsIsTheDelay()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), RetryDelays.FromRetryAfter(RetryConditionHeaderValue.Parse("7"), Now));
    }

    [Fact]
    public void RetryAfterAsHttpDateIsTheTimeUntilThatDate()
    {
        var header = RetryConditionHeaderValue.Parse("Sat, 01 Mar 2025 12:00:42 GMT");
        Assert.Equal(TimeSpan.FromSeconds(42), RetryDelays.FromRetryAfter(header, Now));
    }

    [Fact]
    public void RetryAfterDateInThePastMeansNow()
    {
        var header = RetryConditionHeaderValue.Parse("Sat, 01 Mar 2025 11:00:00 GMT");
        Assert.Equal(TimeSpan.Zero, RetryDelays.FromRetryAfter(header, Now));
    }

    [Fact]
    public void NoRetryAfterGivesNull()
    {
        Assert.Null(RetryDelays.FromRetryAfter(null, Now));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    [InlineData(6, 60)]
    [InlineData(100, 60)]
    public void WithoutRetryAfterTheDelayDoublesUpToTheMaximum(int attempt, int expectedSeconds)
    {
        var delay = RetryDelays.Next(attempt, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Fact]
    public void RetryAfterWinsOverTheBackoff()
    {
        Assert.Equal(TimeSpan.FromSeconds(120), RetryDelays.Next(0, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)));
    }
}
