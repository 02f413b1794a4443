using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// The repositories the signer knows, as SignPath registers them: a root certificate per GUN (its CN).
/// Only trust data whose root.json is signed by a registered root key gets a delegation signed.
/// </summary>
public sealed class NotaryRootRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<TufKey>> _keys = new(StringComparer.Ordinal);

    /// <summary>Loads every *.crt in <paramref name="directory"/> (none when null).</summary>
    public NotaryRootRegistry(string? directory = null)
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.crt").Order(StringComparer.Ordinal))
        {
            Add(File.ReadAllText(file), expectedGun: null);
        }
    }

    /// <summary>Registers a root certificate; returns its GUN (the CN). Throws when the PEM or the CN is unusable.</summary>
    /// <param name="expectedGun">When given, the certificate's CN must be exactly this.</param>
    public string Add(string certificatePem, string? expectedGun)
    {
        string gun;
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(certificatePem);
            gun = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        }
        catch (CryptographicException e)
        {
            throw new SignPathDockerException(ErrorCodes.InvalidDelegationCertificate, $"Not a PEM root certificate: {e.Message}", innerException: e);
        }

        if (string.IsNullOrEmpty(gun) || (expectedGun is not null && !string.Equals(gun, expectedGun, StringComparison.Ordinal)))
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidDelegationCertificate, $"The root certificate's CN is '{gun}', not the repository '{expectedGun}'.");
        }

        var key = TufKeyFactory.FromCertificatePem(certificatePem);
        lock (_lock)
        {
            var keys = _keys.TryGetValue(gun, out var existing) ? existing : _keys[gun] = [];
            if (!keys.Any(known => known.KeyId == key.KeyId))
            {
                keys.Add(key);
            }
        }

        return gun;
    }

    /// <summary>The registered root keys of <paramref name="gun"/> by key ID; empty when the repository is unknown.</summary>
    public IReadOnlyDictionary<string, TufKey> Find(string gun)
    {
        lock (_lock)
        {
            return _keys.TryGetValue(gun, out var keys)
                ? keys.ToDictionary(key => key.KeyId, StringComparer.Ordinal)
                : new Dictionary<string, TufKey>(StringComparer.Ordinal);
        }
    }
}
