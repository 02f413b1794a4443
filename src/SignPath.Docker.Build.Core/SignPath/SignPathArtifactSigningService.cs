using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.SignPath.Origin;

namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// The signing flows' view of SignPath: one signing request per artifact, in the configured project and policy, each
/// with the build's origin and parameters, so every flow sends them without knowing about them.
/// </summary>
internal sealed class SignPathArtifactSigningService(
    SignPathClient client,
    string projectSlug,
    string signingPolicySlug,
    SigningRequestOrigin? origin = null,
    IReadOnlyDictionary<string, string>? parameters = null) : IArtifactSigningService, IDisposable
{
    public async Task<byte[]> SignAsync(ArtifactSigningRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var artifact = new MemoryStream(request.Content, writable: false);
        using var signed = new MemoryStream();
        await client.SignAsync(
            new SigningRequestSubmission
            {
                ProjectSlug = projectSlug,
                SigningPolicySlug = signingPolicySlug,
                ArtifactConfigurationSlug = request.ArtifactConfigurationSlug,
                Description = request.Description,
                Artifact = artifact,
                ArtifactFileName = request.FileName,
                Origin = origin ?? SigningRequestOrigin.None,
                Parameters = Merge(request.Parameters, parameters),
            },
            signed,
            cancellationToken);
        return signed.ToArray();
    }

    public void Dispose() => client.Dispose();

    private static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string>? artifact, IReadOnlyDictionary<string, string>? build)
    {
        if (artifact is null or { Count: 0 })
        {
            return build ?? new Dictionary<string, string>();
        }

        var merged = new Dictionary<string, string>(artifact, StringComparer.Ordinal);
        foreach (var (name, value) in build ?? new Dictionary<string, string>())
        {
            // The user's SignPathParameter replaces a flow's value of the same name, whatever its case.
            foreach (var same in merged.Keys.Where(key => string.Equals(key, name, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                merged.Remove(same);
            }

            merged[name] = value;
        }

        return merged;
    }
}
