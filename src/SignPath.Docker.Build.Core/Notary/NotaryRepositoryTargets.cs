using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary;

/// <summary>The tags to sign in one repository (GUN = registry/repository), each with the manifest's sha256 and length.</summary>
public sealed record NotaryRepositoryTargets(string Gun, IReadOnlyDictionary<string, TufFileMeta> Targets);
