namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// One artifact configuration of the local signer, chosen by the submitted ArtifactConfigurationSlug.
/// Register implementations in DI as <see cref="IArtifactProcessor"/>; the first registered one is the
/// project's default configuration.
/// </summary>
public interface IArtifactProcessor
{
    /// <summary>The ArtifactConfigurationSlug this processor answers to (compared case-insensitively).</summary>
    string Slug { get; }

    /// <summary>
    /// Reads the unsigned artifact (a zip) from <see cref="ArtifactProcessingContext.UnsignedArtifact"/> and writes
    /// the signed zip to <paramref name="signedArtifact"/>. Returns a failure or denial instead of throwing for bad input.
    /// </summary>
    Task<ArtifactProcessingOutcome> ProcessAsync(ArtifactProcessingContext context, Stream signedArtifact, CancellationToken cancellationToken);
}
