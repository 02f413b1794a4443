using System.Text.RegularExpressions;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// Notary role names: the four base roles and delegations "targets/&lt;name&gt;[/…]".
/// Spec: https://github.com/notaryproject/notary/blob/master/tuf/data/roles.go.
/// </summary>
public static partial class TufRoleName
{
    public const string Root = "root";
    public const string Targets = "targets";
    public const string Snapshot = "snapshot";
    public const string Timestamp = "timestamp";

    /// <summary>The delegation docker pull resolves tags from (besides top-level targets).</summary>
    public const string Releases = "targets/releases";

    public static bool IsDelegation(string role) =>
        role.Length < 256 && DelegationPattern().IsMatch(role) && !role.Contains("//", StringComparison.Ordinal) && !role.EndsWith('/');

    public static string ValidateDelegation(string role) =>
        IsDelegation(role)
            ? role
            : throw new SignPathDockerException(
                ErrorCodes.TrustDataInvalid,
                $"'{role}' is not a valid Notary delegation role name.",
                "Delegation names look like targets/releases: lowercase letters, digits, '-', '_' and '/' after 'targets/'.");

    /// <summary>"targets" for "targets/releases", "targets/a" for "targets/a/b".</summary>
    public static string Parent(string delegation) => delegation[..delegation.LastIndexOf('/')];

    public static bool IsValid(string role) => role is Root or Targets or Snapshot or Timestamp || IsDelegation(role);

    [GeneratedRegex("^targets/[-a-z0-9_/]+$")]
    private static partial Regex DelegationPattern();
}
