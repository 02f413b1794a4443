using SignPath.Docker.Build.SignPath.Origin;
using SignPath.Docker.LocalSigner.Processing;

namespace SignPath.Docker.LocalSigner.Requests;

/// <summary>
/// A received signing request. It is processed on submission; its visible status only moves on
/// once <see cref="ApprovedAt"/> has passed, which models an approver taking time.
/// </summary>
public sealed class LocalSigningRequest
{
    public required Guid Id { get; init; }

    public required string OrganizationId { get; init; }

    public required string ProjectSlug { get; init; }

    public required string SigningPolicySlug { get; init; }

    public required string ArtifactConfigurationSlug { get; init; }

    public required string Description { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public required SigningRequestOrigin Origin { get; init; }

    public required string ArtifactFileName { get; init; }

    /// <summary>Names inside the artifact zip, for tests; empty when it is not a readable zip.</summary>
    public required IReadOnlyList<string> ArtifactEntryNames { get; init; }

    public required byte[] UnsignedArtifact { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Null: never approved (the never-complete fault).</summary>
    public required DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>From CancellationTimeoutInSeconds: a request not final by then becomes Canceled, as in SignPath.</summary>
    public DateTimeOffset? CancelAt { get; init; }

    public required ArtifactProcessingOutcome Outcome { get; init; }

    public byte[]? SignedArtifact { get; init; }
}
