namespace SignPath.Docker.Build.Crypto;

/// <summary>The RSA signature paddings a format accepts (SignPath's rsa-padding="pkcs1|pss").</summary>
[Flags]
internal enum RsaPaddings
{
    Pkcs1 = 1,
    Pss = 2,
}
