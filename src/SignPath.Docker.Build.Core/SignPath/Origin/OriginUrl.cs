using System.Text.RegularExpressions;

namespace SignPath.Docker.Build.SignPath.Origin;

/// <summary>
/// Credentials in a URL (<c>https://user:token@host/…</c>, as CI clone URLs carry them) are removed before a URL
/// goes into a signing request or a log line: SignPath shows origin data to every approver and keeps it in its audit log.
/// </summary>
internal static partial class OriginUrl
{
    /// <summary>
    /// The URL without user info. scp-like git addresses (<c>git@host:owner/repo.git</c>) keep a user name without a
    /// password, since git cannot put a secret there; one with a password loses the user info as well.
    /// </summary>
    public static string? WithoutCredentials(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var text = url.Trim();
        var withScheme = UrlWithUserInfo().Match(text);
        if (withScheme.Success)
        {
            return withScheme.Groups["scheme"].Value + withScheme.Groups["rest"].Value;
        }

        var scpLike = ScpLikeWithPassword().Match(text);
        return scpLike.Success ? scpLike.Groups["rest"].Value : text;
    }

    // RFC 3986: scheme "://" [ userinfo "@" ] host …; the user info ends at the last '@' before the path.
    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/?#]*@(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex UrlWithUserInfo();

    [GeneratedRegex(@"^[^/@]*:[^/@]*@(?<rest>[^/@:]+:.*)$", RegexOptions.Singleline)]
    private static partial Regex ScpLikeWithPassword();
}
