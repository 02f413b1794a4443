using SignPath.Docker.Build.IntegrationTests.Rig;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Notary;

/// <summary>docker's own DCT code (`docker trust inspect`) as a verifier of what a Notary server holds.</summary>
internal static class DockerTrust
{
    /// <summary>Runs `docker trust inspect --pretty` for the GUN against the https Notary server; returns its output.</summary>
    /// <param name="dockerConfig">An empty directory to use as DOCKER_CONFIG.</param>
    public static async Task<string> InspectAsync(HttpsNotaryRig notary, string gun, string dockerConfig)
    {
        // docker reads the CA from $DOCKER_CONFIG/tls/<host:port>/ca.crt, so a temp config keeps ~/.docker untouched.
        var tlsDirectory = Path.Combine(dockerConfig, "tls", $"127.0.0.1:{notary.Port}");
        Directory.CreateDirectory(tlsDirectory);
        File.Copy(notary.CaFile!, Path.Combine(tlsDirectory, "ca.crt"));
        return await ExternalProcess.RunCheckedAsync("docker", ["trust", "inspect", "--pretty", gun], new Dictionary<string, string>
        {
            ["DOCKER_CONFIG"] = dockerConfig,
            ["DOCKER_CONTENT_TRUST_SERVER"] = $"https://127.0.0.1:{notary.Port}",
        });
    }

    /// <summary>Both tags 1.0 and latest are listed with the manifest's hex digest and a signpath signer.</summary>
    public static void AssertSignedBySignpath(string inspected, string digest)
    {
        var lines = inspected.Split('\n');
        Assert.Contains(lines, line => line.StartsWith("1.0 ", StringComparison.Ordinal) && line.Contains(digest, StringComparison.Ordinal) && line.Contains("signpath", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("latest ", StringComparison.Ordinal) && line.Contains(digest, StringComparison.Ordinal) && line.Contains("signpath", StringComparison.Ordinal));
    }
}
