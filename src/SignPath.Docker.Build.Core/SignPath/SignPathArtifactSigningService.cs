using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.SignPath;

/// <summary>The signing flows' view of SignPath: one signing request per artifact, in the configured project and policy.</summary>
public sealed class SignPathArtifactSigningService(SignPathClient client, string projectSlug, string signingPolicySlug) : IArtifactSigningService, IDisposable
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
                Parameters = request.Parameters ?? new Dictionary<string, string>(),
            },
            signed,
            cancellationToken);
        return signed.ToArray();
    }

    public void Dispose() => client.Dispose();
}
