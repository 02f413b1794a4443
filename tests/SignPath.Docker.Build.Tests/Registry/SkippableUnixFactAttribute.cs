using Xunit;

namespace SignPath.Docker.Build.Tests.Registry;

/// <summary>Tests that run shell scripts (fake credential helpers) need a Unix shell.</summary>
internal sealed class SkippableUnixFactAttribute : FactAttribute
{
    public SkippableUnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Needs /bin/sh for the fake docker-credential helper.";
        }
    }
}
