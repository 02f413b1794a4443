using System.Security.Cryptography;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Crypto;

/// <summary>Reads a key property such as CosignPublicKey: a file path or the PEM text itself (handy in CI variables).</summary>
internal static class PinnedKeyLoader
{
    /// <returns>Null when the property is empty.</returns>
    public static VerificationKey? Load(string? value, string property)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var isPem = PemOrPath.IsPem(value);
        if (!isPem && !File.Exists(value))
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidPublicKey,
                $"{property} file '{value}' does not exist.",
                $"Set {property} to the path of a PEM public key (e.g. cosign.pub) or leave it empty to use the signing policy's key from SignPath.");
        }

        var source = isPem ? $"the {property} property" : $"{property} '{value}'";
        try
        {
            return VerificationKey.FromPem(PemOrPath.Read(value), source);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException or System.Formats.Asn1.AsnContentException)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidPublicKey,
                $"{source} is not a PEM public key or certificate of an RSA or ECDSA (P-256, P-384, P-521) key: {e.Message}",
                $"Set {property} to the PEM public key of the SignPath signing policy's certificate, or leave it empty to use the key SignPath reports.",
                e);
        }
    }
}
