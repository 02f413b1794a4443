using SignPath.Docker.Build.IntegrationTests.Rig;

namespace SignPath.Docker.Build.IntegrationTests.BeforePush;

/// <summary>
/// Runs one of scripts/verify's Notation verifiers (notation.mjs for JWS, notation-cose.mjs for COSE) on an envelope
/// read from the registry, after scripts/verify/install.sh put their pinned npm packages in place (a no-op when they are).
/// </summary>
internal static class IndependentNotationVerifier
{
    /// <summary>Returns the script's output; throws when it refuses the signature.</summary>
    public static async Task<string> VerifyAsync(string script, byte[] envelope, string rootPath, string mediaType, string digest, long size)
    {
        var verify = Path.Combine(RigScript.RepositoryRoot, "scripts", "verify");
        await ExternalProcess.RunCheckedAsync(Path.Combine(verify, "install.sh"), []);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, envelope);
            return await ExternalProcess.RunCheckedAsync("node", [Path.Combine(verify, script), file, rootPath, mediaType, digest, size.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
