namespace SignPath.Docker.Build.Signing;

/// <summary>
/// Settings that take a key or certificate (CosignPublicKey, NotaryRootCertificate, the delegation certificate)
/// accept either the PEM text itself, handy in CI variables, or the path of a PEM file. One rule tells them apart.
/// </summary>
internal static class PemOrPath
{
    public static bool IsPem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Contains("-----BEGIN", StringComparison.Ordinal);
    }

    /// <summary>The PEM text; reading a file may throw (IOException and the like), for the caller to word.</summary>
    public static string Read(string value) => IsPem(value) ? value : File.ReadAllText(value);
}
