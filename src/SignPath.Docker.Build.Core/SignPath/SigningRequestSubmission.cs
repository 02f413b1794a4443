using SignPath.Docker.Build.SignPath.Origin;

namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// What is sent to SignPath. <see cref="Artifact"/> must be seekable: a retried upload rewinds it to
/// the position it had when the submission was first sent. The client never disposes it.
/// </summary>
public sealed class SigningRequestSubmission
{
    public required string ProjectSlug { get; init; }

    public required string SigningPolicySlug { get; init; }

    /// <summary>Null means the project's default artifact configuration.</summary>
    public string? ArtifactConfigurationSlug { get; init; }

    public string? Description { get; init; }

    public required Stream Artifact { get; init; }

    /// <summary>File name of the multipart part; SignPath shows it and uses it for the signed artifact.</summary>
    public required string ArtifactFileName { get; init; }

    /// <summary>
    /// Sent as CancellationTimeoutInSeconds: SignPath cancels the request itself after this long, so a build that
    /// gave up (timeout, Ctrl+C) leaves no request waiting for an approver. Null: SignPathClient.SignAsync uses its
    /// wait timeout plus a small margin (SignPath's PowerShell module uses the wait timeout).
    /// </summary>
    public TimeSpan? CancellationTimeout { get; init; }

    /// <summary>User-defined artifact configuration parameters, sent as <c>Parameters.&lt;name&gt;</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Repository, branch, commit and build URL, sent as Origin.* fields; unknown fields are left out.</summary>
    public SigningRequestOrigin Origin { get; init; } = SigningRequestOrigin.None;

    internal SigningRequestSubmission WithCancellationTimeout(TimeSpan timeout) => new()
    {
        ProjectSlug = ProjectSlug,
        SigningPolicySlug = SigningPolicySlug,
        ArtifactConfigurationSlug = ArtifactConfigurationSlug,
        Description = Description,
        Artifact = Artifact,
        ArtifactFileName = ArtifactFileName,
        CancellationTimeout = timeout,
        Parameters = Parameters,
        Origin = Origin,
    };
}
