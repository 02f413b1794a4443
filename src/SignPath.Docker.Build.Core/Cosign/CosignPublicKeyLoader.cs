using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Cosign;

public static class CosignPublicKeyLoader
{
    /// <summary>CosignPublicKey may be a file path or the PEM text itself (handy in CI variables).</summary>
    public static CosignPublicKey? Load(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (PemOrPath.IsPem(value))
        {
            return CosignPublicKey.FromPem(value, "the CosignPublicKey property");
        }

        if (!File.Exists(value))
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidPublicKey,
                $"CosignPublicKey file '{value}' does not exist.",
                "Set CosignPublicKey to the path of a PEM public key (e.g. cosign.pub) or leave it empty.");
        }

        return CosignPublicKey.FromPem(File.ReadAllText(value), value);
    }
}
