using Microsoft.Build.Framework;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Tasks;

/// <summary>
/// Attaches a payload and its detached raw signature (as SignPath returns it, or base64 text) to the
/// image's sha256-&lt;hex&gt;.sig tag, like <c>cosign attach signature</c>, once the signature verifies with
/// CosignPublicKey or with the SignPath signing policy's key.
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

    public string? SignPathApiUrl { get; set; }

    public string? SignPathOrganizationId { get; set; }

    /// <summary>Prefer the SIGNPATH_API_TOKEN environment variable: task parameters end up in binary logs.</summary>
    public string? SignPathApiToken { get; set; }

    public string? SignPathProjectSlug { get; set; }

    public string? SignPathSigningPolicySlug { get; set; }

    [Output]
    public string? SignatureTag { get; private set; }

    protected override async System.Threading.Tasks.Task ExecuteAsync(IProgressLog log, CancellationToken cancellationToken)
    {
        var result = await CosignSignatureFileAttacher.AttachAsync(
            new CosignSignatureFiles
            {
                ImageReference = ImageReference,
                Digest = Digest,
                PayloadFile = PayloadFile,
                SignatureFile = SignatureFile,
                CosignPublicKey = CosignPublicKey,
                InsecureRegistries = InsecureRegistries,
                SignPathApiUrl = SignPathApiUrl,
                SignPathOrganizationId = SignPathOrganizationId,
                SignPathApiToken = SignPathApiToken,
                SignPathProjectSlug = SignPathProjectSlug,
                SignPathSigningPolicySlug = SignPathSigningPolicySlug,
            },
            log,
            cancellationToken);
        SignatureTag = result.Tag;
    }
}
