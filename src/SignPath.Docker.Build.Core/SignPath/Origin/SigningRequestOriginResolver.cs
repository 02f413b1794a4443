namespace SignPath.Docker.Build.SignPath.Origin;

/// <summary>The origin a build sends, and where it came from, for the build log.</summary>
/// <param name="ContinuousIntegration">The CI whose variables were read, or null.</param>
/// <param name="CredentialsRemoved">A URL had user info, which was dropped.</param>
public sealed record ResolvedOrigin(SigningRequestOrigin Origin, string? ContinuousIntegration, bool CredentialsRemoved);

/// <summary>
/// Each origin field from the first source that knows it: the SignPathOrigin* properties, then the CI's predefined
/// variables (they describe the build the CI ran, and in a CI's detached checkout git knows no branch), then what
/// MSBuild's source control information (Source Link) read from the git checkout.
/// </summary>
internal static class SigningRequestOriginResolver
{
    public static ResolvedOrigin Resolve(SigningRequestOrigin properties, SigningRequestOrigin sourceControl, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(sourceControl);
        // Source Link sets RepositoryType to git even outside a repository; it describes nothing without a URL or commit.
        if (sourceControl.RepositoryUrl is null && sourceControl.CommitId is null)
        {
            sourceControl = SigningRequestOrigin.None;
        }

        var continuousIntegration = ContinuousIntegrationOrigin.Detect(environment);
        var merged = SigningRequestOrigin.FirstKnown(properties, continuousIntegration?.Origin ?? SigningRequestOrigin.None, sourceControl);
        var origin = merged with
        {
            RepositoryUrl = OriginUrl.WithoutCredentials(merged.RepositoryUrl),
            BuildUrl = OriginUrl.WithoutCredentials(merged.BuildUrl),
        };

        // A type alone (RepositoryType is often set for NuGet metadata) describes no repository.
        if (origin.RepositoryUrl is null && origin.CommitId is null)
        {
            origin = origin with { SourceControlManagementType = null };
        }

        var removed = origin.RepositoryUrl != merged.RepositoryUrl || origin.BuildUrl != merged.BuildUrl;
        return new ResolvedOrigin(origin, continuousIntegration?.System, removed);
    }
}
