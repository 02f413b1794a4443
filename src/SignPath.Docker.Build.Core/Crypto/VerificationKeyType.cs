namespace SignPath.Docker.Build.Crypto;

/// <summary>The key types SignPath holds for container signing (its "keyType": "Rsa", "EcDsa").</summary>
public enum VerificationKeyType
{
    Rsa,
    Ecdsa,
}
