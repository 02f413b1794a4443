namespace SignPath.Docker.LocalSigner.Api;

/// <summary>Body of POST /_localsigner/notary/roots: registers a repository by its root certificate.</summary>
public sealed class NotaryRootRegistration
{
    public string? Gun { get; init; }

    public string? CertificatePem { get; init; }
}
