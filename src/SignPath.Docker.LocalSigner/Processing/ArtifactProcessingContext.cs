namespace SignPath.Docker.LocalSigner.Processing;

public sealed class ArtifactProcessingContext
{
    public required Stream UnsignedArtifact { get; init; }

    public required string ArtifactFileName { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Fault injection: produce well-formed signatures over the wrong bytes, so verifiers must reject them.</summary>
    public bool CorruptSignatures { get; init; }

    /// <summary>Fault injection for the cosign configuration: one of <see cref="Faults.FaultKinds.CosignSignatureFaults"/>, or null.</summary>
    public string? CosignSignatureFault { get; init; }

    /// <summary>Fault injection for the notary configuration: one of <see cref="Faults.FaultKinds.NotaryTampering"/>, or null.</summary>
    public string? NotaryTampering { get; init; }

    /// <summary>Fault injection for the OCI layout configurations: one of <see cref="Faults.FaultKinds.LayoutFaults"/>, or null.</summary>
    public string? LayoutFault { get; init; }
}
