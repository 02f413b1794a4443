using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// A new, still unsigned version of a delegation role: sign <see cref="CanonicalSigned"/> (exactly these
/// bytes) and wrap it with <see cref="TufEnvelope.Write"/> or <see cref="TufEnvelope.SignAsync"/>.
/// </summary>
public sealed record DelegationUpdate(string Role, TufTargets Targets, byte[] CanonicalSigned, IReadOnlyDictionary<string, TufFileMeta> ClaimedTargets);
