using System.Text.Json;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.LocalSigner.Faults;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// Fault injection only: what a compromised or buggy signing service might sign instead of the submitted
/// delegation version, so tests can show the build refuses it and publishes nothing.
/// </summary>
public static class NotaryOutputTampering
{
    public const string ExtraTargetName = "tampered-extra";

    /// <returns>The canonical bytes to sign: <paramref name="submitted"/> itself, or a tampered version of it.</returns>
    public static byte[] Apply(string? tampering, byte[] submitted, IReadOnlyDictionary<string, TufFileMeta> claimed)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        ArgumentNullException.ThrowIfNull(claimed);
        if (tampering is null or FaultKinds.NotaryOtherKey)
        {
            return submitted;
        }

        using var document = JsonDocument.Parse(submitted);
        var role = TufTargets.Parse(document.RootElement, "the submitted role");
        var targets = new Dictionary<string, TufFileMeta>(role.Targets, StringComparer.Ordinal);
        var version = role.Version;
        switch (tampering)
        {
            case FaultKinds.NotaryExtraTarget:
                targets[ExtraTargetName] = claimed.Values.First();
                break;
            case FaultKinds.NotaryWrongDigest:
                foreach (var name in claimed.Keys)
                {
                    var sha256 = (byte[])targets[name].Sha256!.Clone();
                    sha256[0] ^= 0xff;
                    targets[name] = TufFileMeta.ForSha256(sha256, targets[name].Length);
                }

                break;
            case FaultKinds.NotaryStaleVersion:
                // The version the role already has: a replay of (or rollback to) what is published.
                version = Math.Max(1, version - 1);
                break;
            default:
                throw new ArgumentException($"Unknown notary tampering '{tampering}'.", nameof(tampering));
        }

        var tampered = new TufTargets { Version = version, Expires = role.Expires, Targets = targets, Delegations = role.Delegations };
        return CanonicalJson.Serialize(tampered.ToJson());
    }
}
