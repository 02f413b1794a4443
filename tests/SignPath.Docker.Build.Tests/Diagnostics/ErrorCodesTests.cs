using System.Reflection;
using System.Text.RegularExpressions;
using SignPath.Docker.Build.Diagnostics;
using Xunit;

namespace SignPath.Docker.Build.Tests.Diagnostics;

/// <summary>One code list: <see cref="ErrorCodes"/>, the codes the targets raise, and README's error table agree.</summary>
public sealed partial class ErrorCodesTests
{
    private static readonly Lazy<string> RepositoryRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "sdk")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("README.md and sdk/ not found above " + AppContext.BaseDirectory);
    });

    private static IReadOnlyList<(string Name, string Code)> Defined { get; } =
        [.. typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!))];

    [Fact]
    public void EveryCodeIsDefinedOnceInTheSpdForm()
    {
        Assert.NotEmpty(Defined);
        Assert.All(Defined, d => Assert.Matches(CodePattern(), d.Code));
        var duplicates = Defined.GroupBy(d => d.Code).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(d => d.Name))}");
        Assert.Empty(duplicates);
    }

    [Fact]
    public void EveryCodeTheTargetsRaiseIsDefined()
    {
        var raised = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Value, "sdk"), "*.targets", SearchOption.AllDirectories)
            .SelectMany(file => TargetsCode().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Code: m.Groups[1].Value)))
            .ToList();

        Assert.Contains(raised, r => r.Code == ErrorCodes.NotPushedToRegistry);
        Assert.Contains(raised, r => r.Code == ErrorCodes.ApiTokenAsProperty);
        Assert.Contains(raised, r => r.Code == ErrorCodes.NotaryPasswordAsProperty);
        Assert.Empty(raised.Where(r => !Defined.Any(d => d.Code == r.Code)).Select(r => $"{r.File}: {r.Code}"));
    }

    [Fact]
    public void EveryCodeHasARowInTheReadmeErrorTable()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Value, "README.md"));
        var documented = ReadmeRow().Matches(readme).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(Defined.Where(d => !documented.Contains(d.Code)).Select(d => $"{d.Code} ({d.Name})"));
        var stale = documented.Where(code => !Defined.Any(d => d.Code == code)).ToList();
        Assert.Empty(stale);
    }

    [GeneratedRegex("^SPD[1-9][0-9]{3}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("Code=\"(SPD[0-9]{4})\"")]
    private static partial Regex TargetsCode();

    [GeneratedRegex("^\\| (SPD[0-9]{4}) \\|", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();
}
