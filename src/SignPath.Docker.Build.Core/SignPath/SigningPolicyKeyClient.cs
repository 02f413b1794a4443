using System.Security.Cryptography;
using System.Text.Json;
using SignPath.Docker.Build.Crypto;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// The public key of the SignPath signing policy that signs, read once per build from MySigningPolicies: from the
/// policy's certificate when SignPath sends one, else from its public key bytes. Every signature SignPath returns is
/// checked with it before anything is pushed.
/// Spec: https://docs.signpath.io/crypto-providers/rest-api.
/// </summary>
public sealed class SigningPolicyKeyClient(SignPathClient client, string projectSlug, string signingPolicySlug, IProgressLog log) : IDisposable
{
    private readonly Lock gate = new();
    private Task<VerificationKey>? key;

    public string Describe() => $"the certificate of SignPath signing policy '{signingPolicySlug}' (project '{projectSlug}')";

    /// <summary>The policy's key; the first call asks SignPath, later ones (and concurrent ones) share its answer.</summary>
    public Task<VerificationKey> GetKeyAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return key ??= FetchAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        if (key is { IsCompletedSuccessfully: true })
        {
            key.Result.Dispose();
        }
    }

    private async Task<VerificationKey> FetchAsync(CancellationToken cancellationToken)
    {
        var answer = await client.GetMySigningPoliciesAsync(projectSlug, signingPolicySlug, cancellationToken);
        var read = Read(answer);
        log.Detail($"Signatures are checked with {read.Source}: {read.Description}.");
        return read;
    }

    private VerificationKey Read(byte[] answer)
    {
        SigningPolicyKeyInfo? policy;
        try
        {
            policy = SigningPolicyKeyInfo.Parse(answer, projectSlug, signingPolicySlug);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw Unavailable($"SignPath's answer is not the expected JSON ({e.Message})", e);
        }

        if (policy is null)
        {
            throw Unavailable("SignPath lists no such signing policy for this API token", null);
        }

        try
        {
            if (policy.CertificateBytes is { } certificate)
            {
                return VerificationKey.FromCertificate(certificate, Describe());
            }

            if (policy.PublicKeyBytes is { } publicKey)
            {
                return FromPublicKeyBytes(publicKey, policy.KeyType);
            }
        }
        catch (Exception e) when (e is CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            throw Unavailable($"its key cannot be used to check signatures ({e.Message})", e);
        }

        throw Unavailable("SignPath sent neither certificateBytes nor publicKeyBytes for it", null);
    }

    // SignPath's docs show a PKCS#1 RSAPublicKey for RSA; the form for EC keys is not documented, so the
    // SubjectPublicKeyInfo and a bare uncompressed point are both accepted.
    private VerificationKey FromPublicKeyBytes(byte[] bytes, string? keyType)
    {
        if (string.Equals(keyType, "Rsa", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return VerificationKey.FromRsaPublicKey(bytes, Describe());
            }
            catch (CryptographicException)
            {
                return VerificationKey.FromSubjectPublicKeyInfo(bytes, Describe());
            }
        }

        return bytes.Length > 0 && bytes[0] == 0x04
            ? VerificationKey.FromEcPoint(bytes, Describe())
            : VerificationKey.FromSubjectPublicKeyInfo(bytes, Describe());
    }

    private SignPathDockerException Unavailable(string reason, Exception? inner) => new(
        ErrorCodes.SigningPolicyKeyUnavailable,
        $"Cannot check signatures with {Describe()}: {reason}. Nothing was signed or pushed.",
        "Check SignPathProjectSlug and SignPathSigningPolicySlug and that the API token's user is a submitter of that policy; or pin the key with CosignPublicKey.",
        inner);
}
