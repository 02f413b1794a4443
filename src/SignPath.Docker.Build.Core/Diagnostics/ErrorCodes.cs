namespace SignPath.Docker.Build.Diagnostics;

/// <summary>
/// Every error code the package reports, in one place so README's table and the code agree.
/// SPD1xxx: configuration, SPD2xxx: registry, SPD3xxx: SignPath, SPD4xxx: signatures and cosign,
/// SPD5xxx: Notary/TUF, SPD6xxx: PKCS#11, SPD7xxx: OCI layouts and signing before push (Notation, cosign bundles).
/// </summary>
public static class ErrorCodes
{
    // Configuration and input
    public const string MissingOrganizationId = "SPD1001";
    public const string MissingApiToken = "SPD1002";
    public const string MissingProjectOrPolicy = "SPD1003";
    public const string InvalidImageReference = "SPD1004";
    public const string UnknownSignatureFormat = "SPD1005";
    public const string InvalidUrl = "SPD1006";
    public const string NotPushedToRegistry = "SPD1007";
    public const string NothingToSign = "SPD1008";
    public const string InvalidPublicKey = "SPD1009";
    public const string InvalidTimeout = "SPD1010";
    public const string InvalidParallelism = "SPD1013";
    public const string MissingNotaryRepository = "SPD1020";

    /// <summary>MSBuild older than 18 cannot run .NET tasks (raised by the targets, not the tasks).</summary>
    public const string UnsupportedMSBuild = "SPD1040";

    // Registry
    public const string RegistryUnreachable = "SPD2001";
    public const string RegistryUnauthorized = "SPD2002";
    public const string RegistryRequestFailed = "SPD2003";
    public const string ManifestNotFound = "SPD2004";
    public const string DigestMismatch = "SPD2005";
    public const string InsecureRegistryRefused = "SPD2006";
    public const string InvalidAuthChallenge = "SPD2007";
    public const string RegistryTlsFailed = "SPD2011";

    // SignPath
    public const string SignPathUnauthorized = "SPD3001";
    public const string SignPathForbidden = "SPD3002";
    public const string SignPathRequestFailed = "SPD3003";
    public const string SigningDenied = "SPD3004";
    public const string SigningFailed = "SPD3005";
    public const string SigningCanceled = "SPD3006";
    public const string SigningTimedOut = "SPD3007";
    public const string SignPathUnavailable = "SPD3008";
    public const string InvalidSignedArtifact = "SPD3009";
    public const string SignPathUnreachable = "SPD3010";
    public const string SignPathTlsFailed = "SPD3011";
    public const string SignPathApiNotFound = "SPD3012";
    public const string SigningPolicyKeyUnavailable = "SPD3013";

    // Signatures (every format) and cosign
    public const string SignatureVerificationFailed = "SPD4001";
    public const string InvalidSignatureManifest = "SPD4002";
    public const string SignatureMalformed = "SPD4003";
    public const string SignatureKeyTypeMismatch = "SPD4004";
    public const string SignatureHashAlgorithmMismatch = "SPD4005";
    public const string SignatureRsaPaddingMismatch = "SPD4006";

    // Notary / TUF
    public const string NotaryRequestFailed = "SPD5001";
    public const string TrustDataInvalid = "SPD5002";
    public const string TrustDataNotInitialized = "SPD5003";
    public const string SignedTrustDataRejected = "SPD5004";
    public const string NotaryVersionConflict = "SPD5005";
    public const string RootNotTrusted = "SPD5006";
    public const string RepositoryAlreadyInitialized = "SPD5007";
    public const string InvalidDelegationCertificate = "SPD5008";
    public const string DelegationRoleMissing = "SPD5009";
    public const string DelegationUpdateInvalid = "SPD5010";
    public const string NotarySigningDataInvalid = "SPD5011";
    public const string RootTrustedOnFirstUse = "SPD5012";
    public const string TrustDataChangedSincePrepared = "SPD5013";
    public const string RootKeyNotInRoot = "SPD5020";
    public const string NotaryUnreachable = "SPD5021";
    public const string NotaryTlsFailed = "SPD5022";

    // PKCS#11
    public const string Pkcs11ModuleNotFound = "SPD6001";
    public const string Pkcs11TokenNotFound = "SPD6002";
    public const string Pkcs11LoginFailed = "SPD6003";
    public const string Pkcs11KeyNotFound = "SPD6004";
    public const string Pkcs11Failure = "SPD6005";

    // OCI layouts and signing before push
    public const string InvalidOciLayout = "SPD7001";
    public const string SignedLayoutRefused = "SPD7002";
    public const string NotationSignatureInvalid = "SPD7003";
    public const string CosignBundleInvalid = "SPD7004";
    public const string SignatureMissing = "SPD7005";

    // The build itself
    public const string Unexpected = "SPD9000";
    public const string Canceled = "SPD9001";
}
