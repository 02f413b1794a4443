using SignPath.Docker.Build.Crypto;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// Verifies a cosign v3 signature bundle for an image the way <c>cosign verify --key … --insecure-ignore-tlog</c> does
/// (sigstore-go pkg/verify/signature.go, cosign pkg/cosign/verifiers.go): a DSSE in-toto payload, exactly one
/// signature over the PAE that verifies with the key (SHA-256; DER or r||s ECDSA, PKCS#1 v1.5 RSA), and a subject whose
/// sha256 is the image digest. The predicate type must be cosign's signing predicate, so an attestation (SBOM,
/// provenance) is not taken for a signature.
/// Spec: https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto, https://github.com/secure-systems-lab/dsse/blob/master/protocol.md.
/// </summary>
internal static class CosignBundleVerifier
{
    /// <param name="key">The signing policy's key (CosignPublicKey, or the key SignPath reports); null checks the shape and the subject only.</param>
    public static SigstoreBundle Verify(byte[] bundleJson, string imageDigest, VerificationKey? key)
    {
        var bundle = SigstoreBundle.Parse(bundleJson);
        if (bundle.PayloadType != InTotoStatement.PayloadType)
        {
            throw new CosignBundleException($"the DSSE payload type is '{bundle.PayloadType}', not {InTotoStatement.PayloadType}");
        }

        var (subjects, predicateType) = InTotoStatement.Read(bundle.Payload);
        if (predicateType != InTotoStatement.CosignSignPredicateType)
        {
            throw new CosignBundleException($"the statement's predicate type is '{predicateType}', not {InTotoStatement.CosignSignPredicateType}");
        }

        if (!subjects.Contains(imageDigest, StringComparer.Ordinal))
        {
            throw new CosignBundleException($"the statement signs {string.Join(", ", subjects)}, not {imageDigest}");
        }

        if (key is not null)
        {
            var check = SignatureVerifier.Verify(key, bundle.SignedBytes, bundle.Signature, SignatureScheme.Cosign);
            if (!check.IsValid)
            {
                throw new CosignBundleException($"the DSSE signature was refused: {check.Reason}");
            }
        }

        return bundle;
    }
}
