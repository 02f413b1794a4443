using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>Makes <see cref="TufKey"/>s from .NET keys and certificates, and reads them from metadata.</summary>
public static class TufKeyFactory
{
    /// <summary>"ecdsa"/"rsa" key: public = DER SubjectPublicKeyInfo.</summary>
    public static TufKey FromPublicKey(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ecdsa => new TufKey(TufKey.Ecdsa, ecdsa.ExportSubjectPublicKeyInfo()),
        RSA rsa => new TufKey(TufKey.Rsa, rsa.ExportSubjectPublicKeyInfo()),
        _ => throw new ArgumentException($"Only ECDSA and RSA keys can sign TUF metadata, not {key.GetType().Name}.", nameof(key)),
    };

    /// <summary>
    /// "ecdsa-x509"/"rsa-x509" key. public = the PEM text exactly as Go's pem.Encode writes it (64-character
    /// lines, "\n", trailing newline), because the key ID hashes those bytes and notary re-encodes
    /// certificates that way (utils.CertToKey) whatever the input file looked like.
    /// </summary>
    public static TufKey FromCertificate(X509Certificate2 certificate)
    {
        var keyType = certificate.GetKeyAlgorithm() switch
        {
            "1.2.840.10045.2.1" => TufKey.EcdsaX509,
            "1.2.840.113549.1.1.1" => TufKey.RsaX509,
            var other => throw new SignPathDockerException(
                ErrorCodes.InvalidDelegationCertificate,
                $"The certificate '{certificate.Subject}' has a key of algorithm {other}; Notary needs ECDSA or RSA."),
        };
        return new TufKey(keyType, Encoding.ASCII.GetBytes(GoPem(certificate.RawData)));
    }

    /// <summary>The first certificate in <paramref name="pem"/>, re-encoded as Go does; see <see cref="FromCertificate"/>.</summary>
    public static TufKey FromCertificatePem(string pem)
    {
        using var certificate = ReadCertificate(pem, "The delegation certificate");
        return FromCertificate(certificate);
    }

    internal static string GoPem(byte[] der)
    {
        var base64 = Convert.ToBase64String(der);
        var builder = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
        for (var i = 0; i < base64.Length; i += 64)
        {
            builder.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        return builder.Append("-----END CERTIFICATE-----\n").ToString();
    }

    internal static X509Certificate2 ReadCertificate(string pem, string what)
    {
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException exception)
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidDelegationCertificate, $"{what} is not a PEM X.509 certificate.", innerException: exception);
        }
    }

    /// <summary>
    /// Reads a key object and checks that <paramref name="expectedKeyId"/> (its name in the "keys" map) is
    /// really its ID; otherwise a hostile file could list a key under another key's ID.
    /// </summary>
    internal static TufKey Parse(JsonElement element, string? expectedKeyId, string what)
    {
        var keyType = TufJsonReader.String(element, "keytype", what);
        var keyValue = TufJsonReader.Object(element, "keyval", what);
        if (keyValue.TryGetProperty("private", out var secret) && secret.ValueKind != JsonValueKind.Null)
        {
            // Never echo the value: it would be a private key.
            throw TufJsonReader.Invalid(what, "a key object carries a private key");
        }

        var key = new TufKey(keyType, TufJsonReader.Base64(TufJsonReader.String(keyValue, "public", what), what));
        if (expectedKeyId is not null && !string.Equals(key.KeyId, expectedKeyId, StringComparison.Ordinal))
        {
            throw TufJsonReader.Invalid(what, $"key {expectedKeyId} does not hash to its ID (it is {key.KeyId})");
        }

        return key;
    }
}
