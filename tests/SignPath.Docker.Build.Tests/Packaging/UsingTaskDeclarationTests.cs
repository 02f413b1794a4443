using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SignPath.Docker.Build.Tests.Packaging;

/// <summary>
/// The task assembly is built for .NET: every UsingTask the package ships must say so (Runtime="NET"), or MSBuild on
/// .NET Framework (Visual Studio, msbuild.exe) fails to load it with a loader error. The files checked are the ones the
/// Tasks project packs (its None items with Pack="true"), so a targets file added to the package is checked too.
/// </summary>
public sealed partial class UsingTaskDeclarationTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public void Every_packed_UsingTask_declares_the_NET_runtime_the_task_host_factory_on_NET_Framework_and_the_MSBuild_check()
    {
        var usingTasks = PackedMSBuildFiles().SelectMany(file => XDocument.Load(file).Descendants("UsingTask").Select(u => (File: file, UsingTask: u))).ToList();

        Assert.NotEmpty(usingTasks);
        Assert.All(usingTasks, u =>
        {
            var where = $"{Path.GetFileName(u.File)}: {u.UsingTask}";
            Assert.True((string?)u.UsingTask.Attribute("Runtime") == "NET", where);
            Assert.True((string?)u.UsingTask.Attribute("TaskFactory") == "$(_SignPathTaskFactory)", where);
            Assert.True((string?)u.UsingTask.Attribute("Condition") == "'$(_SignPathMSBuildSupported)' == 'true'", where);
        });
    }

    [Fact]
    public void Every_task_class_has_a_packed_UsingTask()
    {
        var declared = PackedMSBuildFiles()
            .SelectMany(file => XDocument.Load(file).Descendants("UsingTask"))
            .Select(u => ((string?)u.Attribute("TaskName") ?? string.Empty).Split('.').Last())
            .ToHashSet(StringComparer.Ordinal);
        var tasks = Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "src", "SignPath.Docker.Build.Tasks"), "*.cs")
            .SelectMany(file => SealedTaskClass().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .ToList();

        Assert.NotEmpty(tasks);
        Assert.All(tasks, task => Assert.Contains(task, declared));
    }

    [Fact]
    public void Targets_that_run_tasks_check_the_MSBuild_version_first()
    {
        var targets = XDocument.Load(Path.Combine(RepositoryRoot, "sdk", "build", "SignPath.Docker.Build.targets"));
        var taskNames = targets.Descendants("UsingTask").Select(u => ((string)u.Attribute("TaskName")!).Split('.').Last()).ToHashSet(StringComparer.Ordinal);
        var running = targets.Descendants("Target").Where(t => t.Elements().Any(e => taskNames.Contains(e.Name.LocalName))).ToList();

        Assert.NotEmpty(running);
        Assert.All(running, t => Assert.Contains("_SignPathCheckMSBuild", (string?)t.Attribute("DependsOnTargets") ?? string.Empty, StringComparison.Ordinal));
        var check = targets.Descendants("Target").Single(t => (string?)t.Attribute("Name") == "_SignPathCheckMSBuild");
        var error = Assert.Single(check.Elements("Error"));
        Assert.Equal("SPD1040", (string?)error.Attribute("Code"));
        Assert.Contains("dotnet publish", (string?)error.Attribute("Text"), StringComparison.Ordinal);
    }

    /// <summary>The .props/.targets the Tasks project packs, as its None items with Pack="true" name them.</summary>
    private static List<string> PackedMSBuildFiles()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot, "src", "SignPath.Docker.Build.Tasks", "SignPath.Docker.Build.Tasks.csproj"));
        var files = project.Descendants("None")
            .Where(n => (string?)n.Attribute("Pack") == "true")
            .Select(n => ((string)n.Attribute("Include")!).Replace("$(RepoRoot)", RepositoryRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => f.EndsWith(".targets", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(files, f => f.EndsWith("SignPath.Docker.Build.targets", StringComparison.Ordinal));
        return files;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SignPath.Docker.Build.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No SignPath.Docker.Build.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"public sealed class (\w+)\s*:\s*\w*Task\b")]
    private static partial Regex SealedTaskClass();
}
