using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Notation;

/// <summary>
/// The OCI manifest that stores a Notary Project signature as a referrer of the image (signature-specification.md,
/// "OCI Signatures"; notation-go registry/repository.go PushSignature): artifactType <c>application/vnd.cncf.notary.signature</c>,
/// the envelope as its one layer, and the chain's SHA-256 thumbprints and the signing time as annotations.
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-specification.md.
/// </summary>
public static class NotationSignatureManifest
{
    public const string ThumbprintsAnnotation = "io.cncf.notary.x509chain.thumbprint#S256";

    public static byte[] Create(OciDescriptor subject, byte[] envelope, IReadOnlyList<X509Certificate2> chain, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var thumbprints = JsonSerializer.Serialize(chain.Select(c => Convert.ToHexStringLower(SHA256.HashData(c.RawData))).ToArray(), NotationJsonContext.Default.StringArray);
        return OciArtifactManifest.Create(
            OciMediaTypes.NotationSignature,
            OciDescriptor.For(OciMediaTypes.JwsEnvelope, envelope),
            subject,
            new Dictionary<string, string>
            {
                [ThumbprintsAnnotation] = thumbprints,
                [OciMediaTypes.CreatedAnnotation] = JwsProtectedHeader.FormatTime(signingTime),
            },
            embedEmptyConfig: true);
    }
}
