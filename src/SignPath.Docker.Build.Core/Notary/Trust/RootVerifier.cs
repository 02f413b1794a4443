using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary.Trust;

/// <summary>
/// Decides whether a root.json is trusted: signed by a threshold of its own root keys whose certificates
/// name the GUN (notary's trustpinning rules), and either pinned, or first use, or reached from the
/// stored root through N.root.json versions each signed by the previous root's keys and its own.
/// Spec: https://github.com/notaryproject/notary/blob/master/trustpinning/certs.go.
/// </summary>
internal sealed class RootVerifier(NotaryClient client, IProgressLog log)
{
    private const int MaxRotationSteps = 100;

    public async Task<TufSigned<TufRoot>> VerifyAsync(string gun, byte[] rootFile, RootTrustPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = Parse(rootFile);
        RequireSelfSigned(gun, current, now);
        byte[]? storedFile = null;

        if (policy.PinnedKeyIds is { } pinned)
        {
            var (keys, threshold) = current.Role.KeysFor(TufRoleName.Root);
            var pinnedKeys = keys.Where(pair => pinned.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal);
            if (TufThresholdCheck.CountValidSignatures(current.Envelope, pinnedKeys, out _) < threshold)
            {
                throw NotTrusted($"root.json of {gun} is not signed by the pinned root key(s).");
            }
        }
        else if (policy.Store is { } store && (storedFile = await store.ReadAsync(gun, cancellationToken)) is not null)
        {
            await FollowRotationsAsync(gun, Parse(storedFile), current, now, cancellationToken);
        }
        else
        {
            log.Warning(ErrorCodes.RootTrustedOnFirstUse, $"Trusting the root key(s) of {gun} on first use: {string.Join(", ", current.Role.Roles[TufRoleName.Root].KeyIds)}.");
        }

        // Only what changed is written: a build that finds the root it trusted leaves the trust directory alone.
        if (policy.Store is { } writable && (storedFile is null || !storedFile.AsSpan().SequenceEqual(rootFile)))
        {
            await writable.WriteAsync(gun, rootFile, cancellationToken);
        }

        return current;
    }

    private async Task FollowRotationsAsync(string gun, TufSigned<TufRoot> trusted, TufSigned<TufRoot> current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (current.Role.Version < trusted.Role.Version)
        {
            throw NotTrusted($"root.json of {gun} is version {current.Role.Version}, older than the trusted version {trusted.Role.Version}.");
        }

        if (current.Role.Version - trusted.Role.Version > MaxRotationSteps)
        {
            throw NotTrusted($"root.json of {gun} jumped from version {trusted.Role.Version} to {current.Role.Version}.");
        }

        var previous = trusted;
        for (var version = trusted.Role.Version + 1; version <= current.Role.Version; version++)
        {
            var file = await client.GetRoleByVersionAsync(gun, TufRoleName.Root, version, cancellationToken)
                ?? throw NotTrusted($"root.json version {version} of {gun} is missing, so the rotation from version {trusted.Role.Version} cannot be checked.");
            var next = Parse(file);
            if (next.Role.Version != version)
            {
                throw NotTrusted($"{version}.root.json of {gun} says it is version {next.Role.Version}.");
            }

            var (previousKeys, previousThreshold) = previous.Role.KeysFor(TufRoleName.Root);
            if (TufThresholdCheck.CountValidSignatures(next.Envelope, previousKeys, out _) < previousThreshold)
            {
                throw NotTrusted($"root.json version {version} of {gun} is not signed by the root key(s) of version {previous.Role.Version}.");
            }

            RequireSelfSigned(gun, next, now, checkExpiry: version == current.Role.Version);
            previous = next;
        }

        if (!previous.Envelope.CanonicalSigned().AsSpan().SequenceEqual(current.Envelope.CanonicalSigned()))
        {
            throw NotTrusted($"root.json of {gun} differs from the trusted root of the same version.");
        }

        if (current.Role.Version > trusted.Role.Version)
        {
            log.Info($"Notary: followed the root rotation of {gun} from version {trusted.Role.Version} to {current.Role.Version}.");
        }
    }

    private static void RequireSelfSigned(string gun, TufSigned<TufRoot> root, DateTimeOffset now, bool checkExpiry = true)
    {
        var (keys, threshold) = root.Role.KeysFor(TufRoleName.Root);
        var eligible = keys.Where(pair => CertificateFits(gun, pair.Value, now)).ToDictionary(StringComparer.Ordinal);
        if (TufThresholdCheck.CountValidSignatures(root.Envelope, eligible, out _) < threshold)
        {
            throw NotTrusted(
                $"root.json of {gun} is not signed by {threshold} of its root key(s) with a valid certificate for '{gun}'.");
        }

        if (checkExpiry && root.Role.Expires <= now)
        {
            throw new SignPathDockerException(ErrorCodes.TrustDataInvalid, $"root.json of {gun} expired at {TufTime.Format(root.Role.Expires)}.");
        }
    }

    /// <summary>notary's rules: root keys are certificates whose CN is the GUN (a trailing '*' is a prefix), unexpired, not SHA-1.</summary>
    private static bool CertificateFits(string gun, TufKey key, DateTimeOffset now)
    {
        if (!key.IsCertificate)
        {
            return false;
        }

        using var certificate = TufSignatureVerifier.Certificate(key);
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var nameFits = commonName.EndsWith('*')
            ? gun.StartsWith(commonName[..^1], StringComparison.Ordinal)
            : string.Equals(commonName, gun, StringComparison.Ordinal);
        var sha1 = certificate.SignatureAlgorithm.Value is "1.2.840.10045.4.1" or "1.2.840.113549.1.1.5";
        return nameFits && !sha1 && certificate.NotBefore.ToUniversalTime() <= now.UtcDateTime && now.UtcDateTime < certificate.NotAfter.ToUniversalTime();
    }

    private static TufSigned<TufRoot> Parse(byte[] file)
    {
        var envelope = TufEnvelope.Parse(file, "root.json");
        return new TufSigned<TufRoot>(envelope, TufRoot.Parse(envelope.SignedObject));
    }

    private static SignPathDockerException NotTrusted(string message) =>
        new(ErrorCodes.RootNotTrusted, message, "If the repository's root key was replaced on purpose, remove the stored root or update the pinned key.");
}
