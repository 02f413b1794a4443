using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// Runs SignContainerImage's work in the package's ahead-of-time compiled signer process
/// (src/SignPath.Docker.Build.Signer), which starts warm where MSBuild's process would JIT the task's code
/// in every build. Shipped for linux-x64 only; anywhere it is missing or cannot start, the task signs in its own process.
/// </summary>
public sealed class NativeSigner
{
    public const string FileName = "signpath-docker-sign";
    private const string RuntimeIdentifier = "linux-x64";

    private readonly string path;

    /// <param name="path">The signer executable (tests give a script that speaks the protocol).</param>
    internal NativeSigner(string path) => this.path = path;

    /// <summary>The signer next to the task assemblies (tasks/net10.0/native/linux-x64/ in the package), when this is the platform it was built for.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "Called by the task in MSBuild's process, where the assemblies are files; the signer itself never looks for a signer.")]
    public static NativeSigner? Find()
    {
        if (RuntimeInformation.RuntimeIdentifier != RuntimeIdentifier)
        {
            return null;
        }

        var directory = Path.GetDirectoryName(typeof(NativeSigner).Assembly.Location);
        var path = directory is null ? null : Path.Combine(directory, "native", RuntimeIdentifier, FileName);
        return path is not null && File.Exists(path) ? new NativeSigner(path) : null;
    }

    /// <summary>
    /// Starts the signer, before the caller gathers the inputs, so that the two overlap. Null when it cannot start; then
    /// nothing was sent anywhere and the caller signs in-process. Secrets travel in the signer's environment, never on
    /// stdin or a command line.
    /// </summary>
    public NativeSignerProcess? Start(string? signPathApiToken, string? notaryUsername, string? notaryPassword, IProgressLog log)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        if (!string.IsNullOrWhiteSpace(signPathApiToken))
        {
            start.Environment[SignPathSettings.ApiTokenVariable] = signPathApiToken;
        }

        if (!string.IsNullOrEmpty(notaryUsername))
        {
            start.Environment[NotaryServices.NotaryAuthVariable] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{notaryUsername}:{notaryPassword}"));
        }

        try
        {
            if (!OperatingSystem.IsWindows())
            {
                EnsureExecutable();
            }

            return new NativeSignerProcess(Process.Start(start)!, path);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            log.Detail($"The native signer ({path}) could not be started ({e.Message}); signing in MSBuild's process.");
            return null;
        }
    }

    /// <summary>NuGet does not keep a file's execute permission when it extracts a package.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void EnsureExecutable()
    {
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | execute);
        }
    }
}
