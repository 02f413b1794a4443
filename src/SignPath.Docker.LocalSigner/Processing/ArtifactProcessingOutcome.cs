namespace SignPath.Docker.LocalSigner.Processing;

public enum ArtifactProcessingResult
{
    Completed,
    Failed,
    Denied,
}

/// <summary>What became of an artifact; <see cref="Reason"/> explains a failure or denial.</summary>
public sealed record ArtifactProcessingOutcome(ArtifactProcessingResult Result, string? Reason)
{
    public static ArtifactProcessingOutcome Completed { get; } = new(ArtifactProcessingResult.Completed, null);

    public static ArtifactProcessingOutcome Failed(string reason) => new(ArtifactProcessingResult.Failed, reason);

    public static ArtifactProcessingOutcome Denied(string reason) => new(ArtifactProcessingResult.Denied, reason);
}
