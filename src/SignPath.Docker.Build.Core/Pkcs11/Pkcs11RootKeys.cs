using System.Security.Cryptography.X509Certificates;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Pkcs11;

/// <summary>A repository's Docker Content Trust root key on a token, with its notary root certificate.</summary>
public static class Pkcs11RootKeys
{
    /// <summary>
    /// The token's root key for <paramref name="gun"/> (label notary-root-&lt;gun&gt;), generated with a new
    /// root certificate when the token has none; an existing one (e.g. from an attempt that failed before
    /// publishing) is reused, so retries do not pile up keys.
    /// </summary>
    public static Pkcs11TufSigner CreateOrReuse(Pkcs11KeyStore store, string gun, DateTimeOffset now, IProgressLog log)
    {
        var label = Pkcs11KeyIdentity.RootKeyLabel(gun);
        var key = store.FindKeyByLabel(label);
        if (key is null)
        {
            key = store.GenerateKeyPair(label);
            log.Info($"Generated the root key for {gun} on PKCS#11 token '{store.TokenLabel}' ({key}).");
        }
        else
        {
            log.Info($"Reusing the root key for {gun} already on PKCS#11 token '{store.TokenLabel}' ({key}).");
        }

        var certificate = store.FindCertificate(key);
        if (certificate is null || certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime)
        {
            certificate?.Dispose();
            certificate = NotaryRootCertificateFactory.Create(store, key, gun, now);
            store.StoreCertificate(key, certificate);
        }

        using (certificate)
        {
            return new Pkcs11TufSigner(store, key, certificate);
        }
    }

    /// <summary>The token's root certificate for <paramref name="gun"/>, or null when the token has no root key for it.</summary>
    public static X509Certificate2? FindCertificate(Pkcs11KeyStore store, string gun) =>
        store.FindKeyByLabel(Pkcs11KeyIdentity.RootKeyLabel(gun)) is { } key ? store.FindCertificate(key) : null;

    /// <summary>
    /// The signer for whichever root key of <paramref name="root"/> is on the token, listed with the exact
    /// certificate root.json carries (so its key ID matches).
    /// </summary>
    public static Pkcs11TufSigner FindForRoot(Pkcs11KeyStore store, string gun, TufRoot root)
    {
        foreach (var (keyId, key) in root.KeysFor(TufRoleName.Root).Keys)
        {
            if (key.KeyType != TufKey.EcdsaX509 || store.FindKeyByTufKeyId(keyId) is not { } pair)
            {
                continue;
            }

            using var certificate = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(key.Public));
            return new Pkcs11TufSigner(store, pair, certificate);
        }

        throw new SignPathDockerException(
            ErrorCodes.Pkcs11KeyNotFound,
            $"None of the root keys of {gun} ({string.Join(", ", root.KeysFor(TufRoleName.Root).Keys.Keys)}) is on PKCS#11 token '{store.TokenLabel}'.",
            "Use the token that InitializeDockerSigning created the root key on; nothing was published.");
    }
}
