using System.Diagnostics;
using System.Text;
using SignPath.Docker.Build.IntegrationTests.Publish;
using SignPath.Docker.Build.IntegrationTests.SignPath;
using Xunit;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Cancellation;

/// <summary>
/// Ctrl+C (SIGINT to `dotnet msbuild`) while SignPath waits for approval: MSBuild cancels the task, the build
/// stops long before the approval would come, and nothing is pushed. SignPath documents no cancel call, so the
/// request stays open at SignPath (see shared notes; CancellationTimeoutInSeconds is the documented remedy).
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class BuildCancellationTests(PublishRig rig, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Repository = "e2e/cancel";
    private LocalSignerProcess? _signer;

    public async Task InitializeAsync() => _signer = await LocalSignerProcess.StartAsync("--approval-delay", "600");

    public async Task DisposeAsync()
    {
        if (_signer is not null)
        {
            await _signer.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ctrl_C_while_waiting_for_approval_stops_the_build_and_pushes_nothing()
    {
        var signer = _signer!;
        using var project = new UserProject(rig);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        var pushed = await project.PublishAsync(UserProject.ContainerProperties(rig.Anonymous, Repository, "1.0"));
        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        var digest = await registry.DigestOfAsync(Repository, "1.0");
        Assert.NotNull(digest);

        using var build = StartSigning(project, signer, $"{rig.Anonymous}/{Repository}:1.0");
        var log = new StringBuilder();
        build.OutputDataReceived += (_, e) => Append(log, e.Data);
        build.ErrorDataReceived += (_, e) => Append(log, e.Data);
        build.BeginOutputReadLine();
        build.BeginErrorReadLine();
        try
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while ((await signer.GetRequestsAsync()).Count == 0)
            {
                Assert.False(build.HasExited, "the build ended before it submitted the signing request:\n" + Snapshot(log));
                await Task.Delay(200, guard.Token);
            }

            using var kill = Process.Start("kill", ["-INT", build.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync(guard.Token);
            var interrupted = Stopwatch.StartNew();

            // The approval would take ten minutes; the guard only keeps a hanging build from hanging the suite.
            using var exitGuard = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await build.WaitForExitAsync(exitGuard.Token);
            output.WriteLine($"build exited {build.ExitCode} {interrupted.Elapsed.TotalSeconds:0.0} s after SIGINT");
            output.WriteLine(Snapshot(log));

            Assert.NotEqual(0, build.ExitCode);
            Assert.False(await registry.CosignSignatureExistsAsync(Repository, digest), "a signature was pushed although the build was canceled");
            var request = Assert.Single(await signer.GetRequestsAsync());
            output.WriteLine($"signing request at the service afterwards: {request.GetProperty("status")}");
        }
        finally
        {
            if (!build.HasExited)
            {
                build.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartSigning(UserProject project, LocalSignerProcess signer, string image)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = project.Directory,
        };
        string[] arguments =
        [
            "msbuild", project.ProjectPath, "-restore", "-t:SignContainerImage", "-nologo", "-tl:off",
            .. UserProject.SignPathProperties(signer), $"-p:ContainerImageReference={image}",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SIGNPATH_API_TOKEN"] = signer.ApiToken;
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
