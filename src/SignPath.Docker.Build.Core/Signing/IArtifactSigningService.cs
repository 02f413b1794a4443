namespace SignPath.Docker.Build.Signing;

/// <summary>
/// Gets an artifact signed: SignPath (through its REST API) in production, the local signing service
/// offline. Submits, waits for completion (approval included) and returns the signed artifact.
/// </summary>
public interface IArtifactSigningService
{
    Task<byte[]> SignAsync(ArtifactSigningRequest request, CancellationToken cancellationToken);
}
