using SignPath.Docker.Build.IntegrationTests.Rig;

namespace SignPath.Docker.Build.IntegrationTests.Origin;

/// <summary>Turns a test's project directory into a real git repository with one commit, as a clone would be.</summary>
internal static class GitCheckout
{
    /// <returns>The commit's ID.</returns>
    public static async Task<string> CreateAsync(string directory, string branch, string remoteUrl)
    {
        await GitAsync(directory, "init", "-q", "-b", branch);
        await GitAsync(directory, "remote", "add", "origin", remoteUrl);
        await GitAsync(directory, "add", "-A");
        await GitAsync(directory, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "Initial commit");
        return (await GitAsync(directory, "rev-parse", "HEAD")).Trim();
    }

    private static async Task<string> GitAsync(string directory, params string[] arguments) =>
        (await ExternalProcess.RunAsync("git", arguments, workingDirectory: directory)).EnsureSuccess().StandardOutput;
}
