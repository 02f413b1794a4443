using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary;

/// <param name="ArtifactConfigurationSlug">SignPath artifact configuration of type "Docker signing data".</param>
/// <param name="DelegationRoles">targets/releases (what docker trusts) and targets/&lt;signer&gt; (the name docker shows).</param>
/// <param name="RootTrust">The pinned root certificate, or trust on first use.</param>
internal sealed record NotarySigningOptions(
    string? ArtifactConfigurationSlug,
    IReadOnlyList<string> DelegationRoles,
    RootTrustPolicy RootTrust,
    string? Description = null)
{
    /// <summary>targets/releases (what docker pull trusts) and targets/&lt;name&gt; (the signer name docker shows), once each.</summary>
    public static IReadOnlyList<string> RolesFor(string delegationName)
    {
        var role = TufRoleName.ValidateDelegation($"targets/{delegationName}");
        return role == TufRoleName.Releases ? [TufRoleName.Releases] : [TufRoleName.Releases, role];
    }
}
