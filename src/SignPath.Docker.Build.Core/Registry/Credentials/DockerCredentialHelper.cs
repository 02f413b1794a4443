using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Registry.Credentials;

/// <summary>
/// Runs `docker-credential-&lt;name&gt; get` with the server URL on stdin, as docker does.
/// Spec: https://github.com/docker/docker-credential-helpers/blob/master/README.md.
/// </summary>
internal static class DockerCredentialHelper
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<RegistryCredentials?> GetAsync(string helperName, string serverUrl, Func<string, string?> getEnvironmentVariable, CancellationToken cancellationToken)
    {
        var program = "docker-credential-" + helperName;
        var startInfo = new ProcessStartInfo(FindOnPath(program, getEnvironmentVariable("PATH")) ?? program, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new SignPathDockerException(
                ErrorCodes.RegistryUnauthorized,
                $"The docker credential helper '{program}' named in the docker config could not be started: {ex.Message}",
                $"Install {program} on PATH, or remove it from the docker config and use DOTNET_CONTAINER_REGISTRY_UNAME/PWORD.",
                ex);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            try
            {
                await process.StandardInput.WriteAsync(serverUrl.AsMemory(), timeout.Token);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The helper exited without reading stdin; its exit code and output tell why.
            }

            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var stdout = await output;
            var stderr = await error;

            if (process.ExitCode != 0)
            {
                // Helpers report "credentials not found in native keychain" with a non-zero exit: that means anonymous.
                if (stdout.Contains("credentials not found", StringComparison.OrdinalIgnoreCase)
                    || stderr.Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                throw new SignPathDockerException(
                    ErrorCodes.RegistryUnauthorized,
                    $"The docker credential helper '{program}' failed for {serverUrl} (exit code {process.ExitCode}).",
                    "Run `docker login` for this registry, or use DOTNET_CONTAINER_REGISTRY_UNAME/PWORD.");
            }

            return Parse(stdout, program);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            TryKill(process);
            throw new SignPathDockerException(
                ErrorCodes.RegistryUnauthorized,
                $"The docker credential helper '{program}' did not answer within {Timeout.TotalSeconds:0} s.",
                "Check that the helper does not wait for interactive input.");
        }
        catch (OperationCanceledException)
        {
            TryKill(process);
            throw;
        }
    }

    internal static RegistryCredentials? Parse(string json, string program)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var user = root.TryGetProperty("Username", out var u) ? u.GetString() : null;
            var secret = root.TryGetProperty("Secret", out var s) ? s.GetString() : null;
            if (string.IsNullOrEmpty(secret))
            {
                return null;
            }

            // Docker's convention: the user name "<token>" marks an identity token.
            return user is null or "<token>"
                ? RegistryCredentials.WithIdentityToken(secret)
                : RegistryCredentials.WithPassword(user, secret);
        }
        catch (JsonException)
        {
            // The helper's output may contain the secret, so it is not quoted.
            throw new SignPathDockerException(
                ErrorCodes.RegistryUnauthorized,
                $"The docker credential helper '{program}' returned output that is not the expected JSON.",
                "Check the helper with: echo <registry> | " + program + " get");
        }
    }

    /// <summary>Resolves the helper on the PATH we were given (not necessarily the process's), as docker would.</summary>
    private static string? FindOnPath(string program, string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var names = OperatingSystem.IsWindows() ? new[] { program + ".exe", program + ".cmd", program } : [program];
        foreach (var directory in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = System.IO.Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
