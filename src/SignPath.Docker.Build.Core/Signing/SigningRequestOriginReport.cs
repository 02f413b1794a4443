using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// Tells the user, once per build and before anything is submitted, which origin and parameters every signing
/// request of the build carries: an approver sees them in SignPath, and origin verification decides on them.
/// </summary>
internal static class SigningRequestOriginReport
{
    public static void Write(SignPathSettings signPath, IProgressLog log)
    {
        var (origin, continuousIntegration, credentialsRemoved) = signPath.Origin;
        if (credentialsRemoved)
        {
            log.Warning(
                ErrorCodes.OriginUrlCredentialsRemoved,
                "A repository or build URL for SignPath's origin data had credentials in it (user:password@); they were removed and are not sent. Remove them from the URL's source, e.g. RepositoryUrl or SignPathOriginRepositoryUrl.");
        }

        var source = continuousIntegration is null ? string.Empty : $" ({continuousIntegration} variables read)";
        log.Info(origin.IsEmpty ? $"SignPath origin: none known{source}." : $"SignPath origin: {origin}{source}.");
        if (signPath.Parameters.Count > 0)
        {
            log.Detail($"SignPath parameters: {string.Join(", ", signPath.Parameters.Keys)}.");
        }
    }
}
