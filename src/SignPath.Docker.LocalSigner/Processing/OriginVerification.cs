using SignPath.Docker.Build.SignPath.Origin;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// --require-origin: a signing policy with "Verify origin". SignPath gets the origin from a trusted build system and
/// refuses a request whose origin it cannot verify; here the request must at least name its repository and commit.
/// </summary>
public static class OriginVerification
{
    /// <returns>Why the request is refused, or null.</returns>
    public static string? Refusal(SigningRequestOrigin origin, string policySlug)
    {
        var missing = new List<string>();
        if (origin.RepositoryUrl is null)
        {
            missing.Add("repository URL (Origin.RepositoryData.Url)");
        }

        if (origin.CommitId is null)
        {
            missing.Add("commit (Origin.RepositoryData.CommitId)");
        }

        return missing.Count == 0
            ? null
            : $"Origin verification failed: signing policy '{policySlug}' verifies origin, but the signing request has no {string.Join(" and no ", missing)}.";
    }
}
