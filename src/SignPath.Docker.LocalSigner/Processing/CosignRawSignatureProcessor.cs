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
            .Select(entry => new ArtifactZipEntry(entry.Name + ".sig", _key.Sign(context.CorruptSignatures ? [.. entry.Content, 0] : entry.Content)))
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
}
