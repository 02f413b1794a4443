using System.Text.RegularExpressions;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>
/// Picks one request: the <see cref="Ordinal"/>-th (1-based) among those matching <see cref="Method"/> and
/// <see cref="PathPattern"/> (both optional; without them the ordinal counts every request). Fires once, or on
/// <see cref="Times"/> matching requests in a row from there.
/// </summary>
public sealed record FaultRule(FaultKind Kind, int Ordinal, string? Method = null, string? PathPattern = null, int Times = 1)
{
    public bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (PathPattern is null || Regex.IsMatch(path, PathPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    public override string ToString() => $"{Kind} at #{Ordinal}{(Method is null ? string.Empty : " " + Method)}{(PathPattern is null ? string.Empty : " " + PathPattern)}";
}
