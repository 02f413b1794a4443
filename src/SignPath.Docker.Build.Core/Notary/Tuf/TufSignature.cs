
namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>One entry of an envelope's "signatures": the key's ID, the method ("ecdsa", "rsapss", …) and the raw signature bytes.</summary>
public sealed record TufSignature(string KeyId, string Method, byte[] Value);
