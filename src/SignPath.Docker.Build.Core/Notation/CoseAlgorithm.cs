namespace SignPath.Docker.Build.Notation;

/// <summary>
/// The COSE algorithm identifiers (IANA "COSE Algorithms", RFC 9053 and RFC 8230) of the six algorithms the Notary
/// Project allows, mapped to their JWS names so that one rule (<see cref="JwsAlgorithm.ForKey"/>) ties them to the key.
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-envelope-cose.md.
/// </summary>
internal static class CoseAlgorithm
{
    public static string Name(long identifier) => identifier switch
    {
        -7 => JwsAlgorithm.ES256,
        -35 => JwsAlgorithm.ES384,
        -36 => JwsAlgorithm.ES512,
        -37 => JwsAlgorithm.PS256,
        -38 => JwsAlgorithm.PS384,
        -39 => JwsAlgorithm.PS512,
        _ => throw new NotationFormatException($"COSE algorithm {identifier} is not one of PS256/384/512, ES256/384/512"),
    };
}
