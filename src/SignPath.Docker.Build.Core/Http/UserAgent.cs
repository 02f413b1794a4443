namespace SignPath.Docker.Build.Http;

/// <summary>What every client of this library sends as User-Agent: SignPath.Docker.Build/{version}.</summary>
internal static class UserAgent
{
    // A constant written at build time (ProductVersion.g.cs): reading the assembly's version attribute cost half
    // a millisecond of metadata parsing in every build.
    public const string Value = "SignPath.Docker.Build/" + ProductVersion.Value;
}
