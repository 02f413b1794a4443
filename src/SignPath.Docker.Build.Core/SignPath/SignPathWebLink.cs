namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// The web UI page of a signing request, for CI logs: the API root with its trailing "/Api" replaced
/// by "/Web" (https://app.signpath.io/Api/ → https://app.signpath.io/Web/{org}/SigningRequests/{id}).
/// </summary>
internal static class SignPathWebLink
{
    public static Uri For(Uri apiUrl, string organizationId, Guid signingRequestId)
    {
        var path = apiUrl.AbsolutePath.TrimEnd('/');
        var webPath = path.EndsWith("/api", StringComparison.OrdinalIgnoreCase)
            ? path[..^"/api".Length] + "/Web"
            : path + "/Web";
        var builder = new UriBuilder(apiUrl)
        {
            Path = $"{webPath}/{Uri.EscapeDataString(organizationId)}/SigningRequests/{signingRequestId:D}",
            Query = string.Empty,
            Fragment = string.Empty,
        };
        return builder.Uri;
    }
}
