using SignPath.Docker.LocalSigner.Processing;

namespace SignPath.Docker.LocalSigner.Requests;

/// <summary>SignPath's status, workflowStatus and isFinalStatus of a request at a point in time.</summary>
public sealed record SigningRequestState(string Status, string WorkflowStatus, bool IsFinal)
{
    public static SigningRequestState Of(LocalSigningRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ApprovedAt is not { } approvedAt || now < approvedAt)
        {
            return request.CancelAt is { } cancelAt && now >= cancelAt
                ? new("Canceled", "Canceled", true)
                : new("WaitingForApproval", "WaitingForApproval", false);
        }

        return request.Outcome.Result switch
        {
            ArtifactProcessingResult.Completed => new("Completed", "Completed", true),
            ArtifactProcessingResult.Denied => new("Denied", "Denied", true),
            _ => new("Failed", "ProcessingFailed", true),
        };
    }
}
