namespace SignPath.Docker.Build.Tests.Notary;

/// <summary>A clock stopped at one instant, so expiry checks against the test trust data are deterministic.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
