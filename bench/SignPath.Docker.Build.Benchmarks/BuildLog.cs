using System.Globalization;
using System.Text.RegularExpressions;

namespace SignPath.Docker.Build.Benchmarks;

/// <summary>
/// What a build's output says about one SignContainerImage run. At -v:detailed the task logs
/// "Registry: N requests (…)" (older builds: "Registry requests: N.") and "Notary: N requests (…)";
/// at every verbosity "Signed N image(s)".
/// </summary>
internal static partial class BuildLog
{
    public static int? RegistryRequests(string output) => LastNumber(RegistryLine(), output);

    public static int? NotaryRequests(string output) => LastNumber(NotaryLine(), output);

    public static int? SignedImages(string output) => LastNumber(SignedLine(), output);

    private static int? LastNumber(Regex pattern, string output) =>
        pattern.Matches(output).LastOrDefault() is { } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"\bRegistry(?: requests)?: (\d+)")]
    private static partial Regex RegistryLine();

    [GeneratedRegex(@"\bNotary: (\d+) requests")]
    private static partial Regex NotaryLine();

    [GeneratedRegex(@"\bSigned (\d+) image\(s\)")]
    private static partial Regex SignedLine();
}
