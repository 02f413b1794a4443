namespace SignPath.Docker.LocalSigner.Processing;

public sealed class ArtifactProcessingContext
{
    public required Stream UnsignedArtifact { get; init; }

    public required string ArtifactFileName { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Fault injection: produce well-formed signatures over the wrong bytes, so verifiers must reject them.</summary>
    public bool CorruptSignatures { get; init; }
}
