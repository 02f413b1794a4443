using System.Text;

namespace SignPath.Docker.Build.Pkcs11;

/// <summary>
/// PEM exactly as Go's encoding/pem.Encode writes it: 64-character base64 lines, "\n" line ends and
/// a trailing newline. notary hashes the PEM text of an "ecdsa-x509" key into its key ID, so any
/// other line length or line ending would give a different key ID for the same certificate.
/// </summary>
public static class GoPemEncoding
{
    public static string EncodeCertificate(ReadOnlySpan<byte> der) => Encode("CERTIFICATE", der);

    public static string Encode(string type, ReadOnlySpan<byte> der)
    {
        var base64 = Convert.ToBase64String(der);
        var builder = new StringBuilder(base64.Length + (base64.Length / 64) + 64);
        builder.Append("-----BEGIN ").Append(type).Append("-----\n");
        for (var offset = 0; offset < base64.Length; offset += 64)
        {
            builder.Append(base64, offset, Math.Min(64, base64.Length - offset)).Append('\n');
        }

        builder.Append("-----END ").Append(type).Append("-----\n");
        return builder.ToString();
    }
}
