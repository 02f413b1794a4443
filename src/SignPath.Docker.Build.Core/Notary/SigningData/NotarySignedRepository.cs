
namespace SignPath.Docker.Build.Notary.SigningData;

/// <summary>One repository of a signed Docker signing data file: the request as prepared and role → signed envelope.</summary>
public sealed record NotarySignedRepository(NotarySigningRequestRepository Request, IReadOnlyDictionary<string, byte[]> SignedRoles);
