namespace SignPath.Docker.Build.SignPath;

/// <summary>Values of <see cref="SigningRequestStatus.Status"/> and <see cref="SigningRequestStatus.WorkflowStatus"/> the client acts on.</summary>
internal static class SigningRequestStates
{
    public const string InProgress = "InProgress";
    public const string WaitingForApproval = "WaitingForApproval";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Denied = "Denied";

    // SignPath spells it with one "l".
    public const string Canceled = "Canceled";

    public const string ArtifactRetrievalFailed = "ArtifactRetrievalFailed";
}
