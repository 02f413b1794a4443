namespace SignPath.Docker.Build.Crypto;

/// <summary>Why a signature was refused, as far as the bytes tell: each has its own error code and fix.</summary>
internal enum SignatureFailure
{
    None,

    /// <summary>Neither a DER nor an r‖s ECDSA signature nor an RSA signature of the key's length: not a signature.</summary>
    Malformed,

    /// <summary>Shaped for the other key type (an RSA signature for an ECDSA key or the reverse).</summary>
    KeyTypeMismatch,

    /// <summary>Verifies with the key, but over another hash than the format uses.</summary>
    HashAlgorithmMismatch,

    /// <summary>An RSA signature that verifies with a padding the format's verifiers do not accept.</summary>
    RsaPaddingMismatch,

    /// <summary>A well-formed signature that does not verify: made by another key, or over other bytes.</summary>
    WrongKey,
}
