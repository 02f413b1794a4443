using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// Counts distinct keys of a role whose signature verifies, as notary's VerifySignatures does.
/// Spec: https://theupdateframework.github.io/specification/latest/, https://github.com/notaryproject/notary/blob/master/tuf/signed/verify.go.
/// </summary>
public static class TufThresholdCheck
{
    /// <summary>How many of <paramref name="keys"/> validly signed the envelope's canonical "signed" bytes.</summary>
    public static int CountValidSignatures(TufEnvelope envelope, IReadOnlyDictionary<string, TufKey> keys, out SignPathDockerException? unsupported)
    {
        unsupported = null;
        var message = envelope.CanonicalSigned();
        var valid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signature in envelope.Signatures)
        {
            if (!keys.TryGetValue(signature.KeyId, out var key) || valid.Contains(signature.KeyId))
            {
                continue;
            }

            try
            {
                if (TufSignatureVerifier.Verify(key, signature, message))
                {
                    valid.Add(signature.KeyId);
                }
            }
            catch (SignPathDockerException exception) when (key.KeyType == TufKey.Ed25519)
            {
                unsupported = exception;
            }
        }

        return valid.Count;
    }

    /// <summary>Throws TrustDataInvalid unless at least <paramref name="threshold"/> of <paramref name="keys"/> signed.</summary>
    public static void Require(TufEnvelope envelope, string role, IReadOnlyDictionary<string, TufKey> keys, int threshold)
    {
        var count = CountValidSignatures(envelope, keys, out var unsupported);
        if (count >= threshold)
        {
            return;
        }

        if (unsupported is not null)
        {
            throw unsupported;
        }

        throw new SignPathDockerException(
            ErrorCodes.TrustDataInvalid,
            $"{role} has {count} valid signature(s) from its keys; it needs {threshold}.");
    }
}
