using Microsoft.Build.Framework;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Attaches a payload and its detached raw signature (as SignPath returns it, or base64 text) to the
/// image's sha256-&lt;hex&gt;.sig tag, like <c>cosign attach signature</c>.
/// </summary>
public sealed class AttachCosignSignature : SignPathDockerTask
{
    [Required]
    public string ImageReference { get; set; } = string.Empty;

    public string? Digest { get; set; }

    [Required]
    public string PayloadFile { get; set; } = string.Empty;

    [Required]
    public string SignatureFile { get; set; } = string.Empty;

    public string? CosignPublicKey { get; set; }

    public string? InsecureRegistries { get; set; }

    [Output]
    public string? SignatureTag { get; private set; }

    protected override async System.Threading.Tasks.Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        var reference = Registry.ImageReference.Parse(ImageReference);
        var payload = await File.ReadAllBytesAsync(PayloadFile, cancellationToken);
        var digest = string.IsNullOrEmpty(Digest) ? reference.Digest : ContentDigest.Validate(Digest, "image");
        var claimed = SimpleSigningPayload.ReadClaimedDigest(payload);
        if (claimed is null || (digest is not null && claimed != digest))
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidImageReference,
                $"{PayloadFile} is not a cosign payload for {digest ?? ImageReference}.",
                "Create the payload with PrepareCosignPayload for the same image digest.");
        }

        var signature = CosignSignature.ToCosignForm(ReadSignature(await File.ReadAllBytesAsync(SignatureFile, cancellationToken)));
        using (var key = CosignPublicKeyLoader.Load(CosignPublicKey))
        {
            if (key is not null && !key.Verify(payload, signature))
            {
                throw new SignPathDockerException(
                    ErrorCodes.SignatureVerificationFailed,
                    $"{SignatureFile} does not verify over {PayloadFile} with CosignPublicKey; nothing was pushed.",
                    "Check that the signature was made for this payload by the key CosignPublicKey belongs to.");
            }
        }

        using var registry = RegistryClients.Create(InsecureRegistries, log);
        var result = await new CosignSignatureAttacher(registry, log)
            .AttachAsync(reference.RepositoryReference, claimed, payload, signature, cancellationToken);
        SignatureTag = result.Tag;
        log.Info($"cosign signature {(result.Added ? "attached to" : "already on")} {reference.RepositoryReference}:{result.Tag}.");
    }

    /// <summary>cosign's own tooling passes base64 text; SignPath returns raw bytes. Accept both.</summary>
    private static byte[] ReadSignature(byte[] content)
    {
        var text = System.Text.Encoding.ASCII.GetString(content).Trim();
        if (text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
        {
            try
            {
                return Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                // Not base64 after all: raw signature bytes that happen to be printable.
            }
        }

        return content;
    }
}
