using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.SigningData;

namespace SignPath.Docker.LocalSigner.Processing;

/// <summary>
/// SignPath's Docker signing data configuration (docs/notary-signing-data.md): checks the submitted trust
/// data and claim with <see cref="NotarySigningPolicy"/> and returns the zip with the signed delegation envelopes added.
/// </summary>
public sealed class NotaryArtifactProcessor : IArtifactProcessor
{
    private readonly NotarySigningPolicy _policy;

    public NotaryArtifactProcessor(NotarySigningPolicy policy)
    {
        _policy = policy;
    }

    public string Slug => "notary";

    public async Task<ArtifactProcessingOutcome> ProcessAsync(ArtifactProcessingContext context, Stream signedArtifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        byte[] zip;
        IReadOnlyList<ArtifactZipEntry> entries;
        IReadOnlyList<NotarySigningRequestRepository> request;
        try
        {
            entries = await ArtifactZip.ReadAsync(context.UnsignedArtifact, cancellationToken);
            zip = await WriteAsync(entries, cancellationToken);
            request = NotarySigningData.ReadRequest(zip);
        }
        catch (InvalidArtifactException e)
        {
            return ArtifactProcessingOutcome.Failed(e.Message);
        }
        catch (SignPathDockerException e)
        {
            return ArtifactProcessingOutcome.Failed(e.Message);
        }

        IReadOnlyList<ArtifactZipEntry> signed;
        try
        {
            signed = await _policy.CheckAndSignAsync(request, context.CorruptSignatures, cancellationToken, context.NotaryTampering);
        }
        catch (SignPathDockerException e)
        {
            return ArtifactProcessingOutcome.Denied(e.Message);
        }

        await ArtifactZip.WriteAsync(entries.Concat(signed), signedArtifact, cancellationToken);
        return ArtifactProcessingOutcome.Completed;
    }

    // ReadRequest takes a zip; re-writing the already bounded entries avoids holding an unchecked copy.
    private static async Task<byte[]> WriteAsync(IReadOnlyList<ArtifactZipEntry> entries, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await ArtifactZip.WriteAsync(entries, buffer, cancellationToken);
        return buffer.ToArray();
    }
}
