namespace SignPath.Docker.Build.Oci;

/// <summary>What a signing service returned for a <see cref="StrippedLayout"/>, once <see cref="SignedLayoutCheck"/> accepted it.</summary>
internal sealed class SignedLayout
{
    internal SignedLayout(StrippedLayout sent, IReadOnlyList<SignatureArtifact> signatures)
    {
        Sent = sent;
        Signatures = signatures;
    }

    public StrippedLayout Sent { get; }

    /// <summary>Every signature artifact added, in a stable order (subject, then digest).</summary>
    public IReadOnlyList<SignatureArtifact> Signatures { get; }

    /// <summary>The signatures whose subject is <paramref name="imageDigest"/>.</summary>
    public IReadOnlyList<SignatureArtifact> For(string imageDigest) =>
        [.. Signatures.Where(s => string.Equals(s.Subject.Digest, imageDigest, StringComparison.Ordinal))];
}
