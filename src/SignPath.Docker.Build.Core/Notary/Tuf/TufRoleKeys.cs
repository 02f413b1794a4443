
namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>A base role in root.json: which keys may sign it and how many must.</summary>
public sealed record TufRoleKeys(IReadOnlyList<string> KeyIds, int Threshold);
