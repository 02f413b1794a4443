using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary.Trust;

/// <summary>
/// How a repository's root.json becomes trusted: pinned root key IDs / certificates (the root must be
/// signed by a threshold of pinned keys), or trust on first use, remembering the accepted root in a store
/// and following root rotations (each new root signed by the previous root's keys and its own).
/// Spec: https://github.com/notaryproject/notary/blob/master/trustpinning/trustpin.go.
/// </summary>
public sealed class RootTrustPolicy
{
    private RootTrustPolicy(IReadOnlySet<string>? pinnedKeyIds, ITrustedRootStore? store)
    {
        PinnedKeyIds = pinnedKeyIds;
        Store = store;
    }

    /// <summary>Set when roots are pinned: notary key IDs of acceptable root keys.</summary>
    public IReadOnlySet<string>? PinnedKeyIds { get; }

    /// <summary>Set for trust on first use; also updated after a pinned root verifies.</summary>
    public ITrustedRootStore? Store { get; }

    public static RootTrustPolicy PinKeyIds(IEnumerable<string> keyIds, ITrustedRootStore? store = null) =>
        new(new HashSet<string>(keyIds, StringComparer.Ordinal), store);

    /// <summary>Pins root certificates (x509 root keys): their key IDs over the PEM form notary writes.</summary>
    public static RootTrustPolicy PinCertificates(IEnumerable<X509Certificate2> certificates, ITrustedRootStore? store = null) =>
        PinKeyIds(certificates.Select(certificate => TufKeyFactory.FromCertificate(certificate).KeyId), store);

    public static RootTrustPolicy TrustOnFirstUse(ITrustedRootStore store) => new(null, store);
}
