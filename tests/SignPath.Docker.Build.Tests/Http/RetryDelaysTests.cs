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
        var delay = RetryDelays.Next(attempt, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), sample: 0.5);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Theory]
    [InlineData(0.0, 7.2)]
    [InlineData(0.25, 7.6)]
    [InlineData(0.5, 8.0)]
    [InlineData(1.0, 8.8)]
    public void TheBackoffIsJitteredByTenPercentEitherWay(double sample, double expectedSeconds)
    {
        var delay = RetryDelays.Next(3, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), sample);
        Assert.Equal(expectedSeconds, delay.TotalSeconds, precision: 6);
    }

    [Fact]
    public void ParallelRetriesDoNotComeBackInLockstep()
    {
        var delays = Enumerable.Range(0, 100).Select(_ => RetryDelays.Next(2, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60))).ToList();

        Assert.All(delays, d => Assert.InRange(d.TotalSeconds, 3.6, 4.4));
        Assert.True(delays.Distinct().Count() > 50, "the delays of 100 parallel retries should spread out");
    }

    [Fact]
    public void RetryAfterIsNotJittered()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), RetryDelays.Next(0, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), sample: 0));
    }

    [Fact]
    public void RetryAfterWinsOverTheBackoff()
    {
        Assert.Equal(TimeSpan.FromSeconds(120), RetryDelays.Next(0, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)));
    }
}
