using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Tasks;

/// <summary>Reads a repository's current root.json from the server, not yet verified (callers verify or only export).</summary>
internal static class DockerTrustRootLookup
{
    public static async Task<TufRoot> FetchUnverifiedAsync(NotaryClient client, string gun, CancellationToken cancellationToken)
    {
        var file = await client.GetRoleAsync(gun, TufRoleName.Root, cancellationToken)
            ?? throw new SignPathDockerException(
                ErrorCodes.TrustDataNotInitialized,
                $"The Notary server has no trust data for {gun}.",
                "Run the InitializeDockerSigning target first.");
        return TufRoot.Parse(TufEnvelope.Parse(file, "root.json").SignedObject);
    }
}
