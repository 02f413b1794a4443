using SignPath.Docker.Build.Crypto;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// AttachCosignSignature's work, like <c>cosign attach signature</c> but never with a signature that does not verify:
/// the payload must be the simple-signing document of the image, the signature must verify with the pinned key or
/// the SignPath signing policy's key, and only then is it attached.
/// </summary>
public static class CosignSignatureFileAttacher
{
    public static async Task<CosignAttachResult> AttachAsync(CosignSignatureFiles files, IProgressLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var reference = ImageReference.Parse(files.ImageReference);
        var payload = await File.ReadAllBytesAsync(files.PayloadFile, cancellationToken);
        var digest = string.IsNullOrEmpty(files.Digest) ? reference.Digest : ContentDigest.Validate(files.Digest, "image");
        var claimed = SimpleSigningPayload.ReadClaimedDigest(payload);
        if (claimed is null || (digest is not null && claimed != digest))
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidImageReference,
                $"{files.PayloadFile} is not a cosign payload for {digest ?? files.ImageReference}.",
                "Create the payload with PrepareCosignPayload for the same image digest.");
        }

        var signature = CosignSignature.ToCosignForm(DecodeSignature(await File.ReadAllBytesAsync(files.SignatureFile, cancellationToken)));
        using (var keys = CreateKeySource(files, log))
        {
            var key = await keys.GetAsync(cancellationToken);
            SignatureVerifier.Verify(key, payload, signature, SignatureScheme.Cosign)
                .ThrowIfInvalid($"{files.SignatureFile} over {files.PayloadFile}", key, SignatureScheme.Cosign);
        }

        using var registry = RegistryClients.Create(files.InsecureRegistries, log);
        var result = await new CosignSignatureAttacher(registry, log)
            .AttachAsync(reference.RepositoryReference, claimed, payload, signature, cancellationToken);
        log.Info($"cosign signature {(result.Added ? "attached to" : "already on")} {reference.RepositoryReference}:{result.Tag}.");
        return result;
    }

    /// <summary>cosign's own tooling passes base64 text; SignPath returns raw bytes. Accept both.</summary>
    public static byte[] DecodeSignature(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
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

    private static SigningKeySource CreateKeySource(CosignSignatureFiles files, IProgressLog log)
    {
        if (PinnedKeyLoader.Load(files.CosignPublicKey, "CosignPublicKey") is { } pinned)
        {
            return SigningKeySource.Pinned(pinned);
        }

        if (string.IsNullOrWhiteSpace(files.SignPathOrganizationId) || string.IsNullOrWhiteSpace(files.SignPathSigningPolicySlug))
        {
            throw new SignPathDockerException(
                ErrorCodes.InvalidPublicKey,
                "AttachCosignSignature checks every signature before it is pushed, but it has no key to check with.",
                "Set CosignPublicKey to the signing policy's public key, or set SignPathOrganizationId, SignPathProjectSlug and SignPathSigningPolicySlug (and SIGNPATH_API_TOKEN) so that the key is read from SignPath.");
        }

        var signPath = SignPathSettings.From(new ContainerSigningInputs
        {
            SignPathApiUrl = files.SignPathApiUrl,
            SignPathOrganizationId = files.SignPathOrganizationId,
            SignPathApiToken = files.SignPathApiToken,
            SignPathProjectSlug = files.SignPathProjectSlug,
            SignPathSigningPolicySlug = files.SignPathSigningPolicySlug,
        });
        var client = new SignPathClient(
            new SignPathClientOptions { ApiUrl = signPath.ApiUrl, OrganizationId = signPath.OrganizationId, ApiToken = signPath.ApiToken },
            log);
        return SigningKeySource.Create(null, new SigningPolicyKeyClient(client, signPath.ProjectSlug, signPath.SigningPolicySlug, log), client);
    }
}
