using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Registry;

/// <summary>OCI content digests ("sha256:&lt;64 hex&gt;"). Only sha256 is produced; sha256/384/512 are parsed.</summary>
public static partial class ContentDigest
{
    public static string Sha256(ReadOnlySpan<byte> content) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    public static bool IsValid(string? digest) => digest is not null && DigestPattern().IsMatch(digest);

    public static string Validate(string digest, string what)
    {
        if (!IsValid(digest))
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidImageReference,
                $"'{digest}' is not a valid {what} digest.",
                "A digest looks like sha256:<64 lowercase hex characters>.");
        }

        return digest;
    }

    /// <summary>The hex part of a digest, e.g. for the cosign tag sha256-&lt;hex&gt;.sig.</summary>
    public static (string Algorithm, string Hex) Split(string digest)
    {
        Validate(digest, "content");
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        return (digest[..colon], digest[(colon + 1)..]);
    }

    /// <summary>True when <paramref name="content"/> hashes to <paramref name="digest"/> with the digest's own algorithm.</summary>
    public static bool Matches(string digest, ReadOnlySpan<byte> content)
    {
        var (algorithm, hex) = Split(digest);
        byte[] actual = algorithm switch
        {
            "sha256" => SHA256.HashData(content),
            "sha384" => SHA384.HashData(content),
            "sha512" => SHA512.HashData(content),
            _ => [],
        };
        return actual.Length > 0 && string.Equals(Convert.ToHexStringLower(actual), hex, StringComparison.Ordinal);
    }

    [GeneratedRegex("^(sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$")]
    private static partial Regex DigestPattern();
}
