using System.Security.Cryptography.X509Certificates;

namespace SignPath.Docker.Build.Notation;

/// <summary>
/// What <see cref="NotationSignatureVerifier"/> needs from a parsed Notary Project envelope, whichever encoding it came in
/// (<see cref="JwsEnvelope"/> or <see cref="CoseEnvelope"/>): the signed attributes, the chain and the payload, and a
/// check of the signature with the leaf key. The verifier applies every rule beyond the encoding itself once, for both.
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-specification.md.
/// </summary>
internal interface INotationEnvelope
{
    /// <summary>The signature algorithm by its JWS name (ES256 … PS512), whatever the encoding calls it.</summary>
    string Algorithm { get; }

    string ContentType { get; }

    /// <summary>signingTime for notary.x509, authenticSigningTime for notary.x509.signingAuthority.</summary>
    DateTimeOffset SigningTime { get; }

    DateTimeOffset? Expiry { get; }

    /// <summary>Signed attributes marked critical that are not Notary Project attributes: a verifier that does not know them must refuse.</summary>
    IEnumerable<string> CriticalExtendedAttributes { get; }

    /// <summary>Leaf first, root last.</summary>
    IReadOnlyList<X509Certificate2> CertificateChain { get; }

    byte[] Payload { get; }

    /// <summary>True when the signature verifies with the key of <see cref="CertificateChain"/>[0] under <see cref="Algorithm"/>.</summary>
    bool VerifySignature();
}
