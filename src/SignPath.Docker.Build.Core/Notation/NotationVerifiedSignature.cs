namespace SignPath.Docker.Build.Notation;

/// <summary>What a verified Notary Project signature says: who signed (leaf subject), when, and the chain's SHA-256 thumbprints.</summary>
internal sealed record NotationVerifiedSignature(string Signer, DateTimeOffset SigningTime, string Algorithm, IReadOnlyList<string> Thumbprints);
