using System.Security.Cryptography;
using SignPath.Docker.LocalSigner.Faults;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// SignPath's "Detached raw signatures" configuration as used for cosign: every file in the zip gets a
/// sibling "&lt;name&gt;.sig" holding the raw signature over its bytes.
/// </summary>
public sealed class CosignRawSignatureProcessor : IArtifactProcessor
{
    private readonly CosignSigningKey _key;

    public CosignRawSignatureProcessor(CosignSigningKey key)
    {
        _key = key;
    }

    public string Slug => "cosign";

    public async Task<ArtifactProcessingOutcome> ProcessAsync(ArtifactProcessingContext context, Stream signedArtifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<ArtifactZipEntry> entries;
        try
        {
            entries = await ArtifactZip.ReadAsync(context.UnsignedArtifact, cancellationToken);
        }
        catch (InvalidArtifactException e)
        {
            return ArtifactProcessingOutcome.Failed(e.Message);
        }

        var signatures = entries
            .Where(entry => !entry.Name.EndsWith(".sig", StringComparison.OrdinalIgnoreCase))
            .Select(entry => new ArtifactZipEntry(entry.Name + ".sig", Sign(entry.Content, context.CosignSignatureFault)))
            .ToList();
        if (signatures.Count == 0)
        {
            return ArtifactProcessingOutcome.Failed("The zip contains no file to sign (files ending in .sig are not signed).");
        }

        // A stale .sig of the same name in the input is replaced, never shipped next to a new one.
        var replaced = signatures.Select(signature => signature.Name).ToHashSet(StringComparer.Ordinal);
        var output = entries.Where(entry => !replaced.Contains(entry.Name)).Concat(signatures);
        await ArtifactZip.WriteAsync(output, signedArtifact, cancellationToken);
        return ArtifactProcessingOutcome.Completed;
    }

    /// <summary>The raw signature, or what a misconfigured project would return instead (fault injection).</summary>
    private byte[] Sign(byte[] content, string? fault)
    {
        switch (fault)
        {
            case FaultKinds.BadSignature:
                return _key.Sign([.. content, 0]);
            case FaultKinds.GarbageSignature:
                // Not DER (no 0x30 first) and no length any key's signature has.
                var garbage = RandomNumberGenerator.GetBytes(100);
                garbage[0] = 0x5a;
                return garbage;
            case FaultKinds.OtherKeySignature:
                using (var other = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    return other.SignData(content, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                }

            case FaultKinds.Sha384Signature:
                return _key.Sign(content, HashAlgorithmName.SHA384);
            case FaultKinds.RsaSignature:
                using (var rsa = RSA.Create(2048))
                {
                    return rsa.SignData(content, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }

            default:
                return _key.Sign(content);
        }
    }
}
