using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// The SignPath delegation certificate a repository's targets/releases and targets/&lt;name&gt; trust.
/// Checked like `notary delegation add` does: a PEM X.509 certificate of an ECDSA or RSA key, valid now.
/// </summary>
public sealed class DelegationCertificate
{
    private DelegationCertificate(TufKey key, string subject, DateTimeOffset notAfter)
    {
        Key = key;
        Subject = subject;
        NotAfter = notAfter;
    }

    /// <summary>The "ecdsa-x509"/"rsa-x509" key as the delegation lists it.</summary>
    public TufKey Key { get; }

    public string Subject { get; }

    public DateTimeOffset NotAfter { get; }

    /// <param name="pathOrPem">A file path, or the PEM text itself.</param>
    public static DelegationCertificate Load(string pathOrPem, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(pathOrPem))
        {
            throw Invalid("No delegation certificate was given.");
        }

        string pem;
        try
        {
            pem = PemOrPath.Read(pathOrPem);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw Invalid($"The delegation certificate '{pathOrPem}' cannot be read: {exception.Message}", exception);
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException exception)
        {
            throw Invalid($"The delegation certificate '{Describe(pathOrPem)}' is not a PEM X.509 certificate.", exception);
        }

        using (certificate)
        {
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (notAfter <= now)
            {
                throw Invalid($"The delegation certificate '{certificate.Subject}' expired on {TufTime.Format(notAfter)}.");
            }

            if (notBefore > now)
            {
                throw Invalid($"The delegation certificate '{certificate.Subject}' is not valid before {TufTime.Format(notBefore)}.");
            }

            if (certificate.GetRSAPublicKey() is { KeySize: < 2048 })
            {
                throw Invalid($"The delegation certificate '{certificate.Subject}' has an RSA key under 2048 bits, which notary refuses.");
            }

            return new DelegationCertificate(TufKeyFactory.FromCertificate(certificate), certificate.Subject, notAfter);
        }
    }

    private static string Describe(string pathOrPem) => PemOrPath.IsPem(pathOrPem) ? "(PEM text)" : pathOrPem;

    private static SignPathDockerException Invalid(string message, Exception? inner = null) =>
        new(ErrorCodes.InvalidDelegationCertificate, message, "Download the delegation certificate (PEM) of the SignPath signing policy and pass its path; nothing was published.", inner);
}
