namespace SignPath.Docker.Build.Registry;

/// <summary>
/// The parts of the OCI distribution API (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md)
/// the signing flows call. <see cref="RegistryClient"/> talks to real registries; unit tests use an in-memory fake,
/// and tests read registries through helpers of their own, not through this interface.
/// </summary>
public interface IRegistryClient
{
    /// <summary>GET a manifest by tag or digest; null on 404. Verifies the bytes against a digest reference.</summary>
    Task<RegistryManifest?> GetManifestAsync(RepositoryReference repository, string reference, CancellationToken cancellationToken);

    /// <summary>HEAD a manifest by tag or digest; null on 404.</summary>
    Task<ManifestDescriptor?> HeadManifestAsync(RepositoryReference repository, string reference, CancellationToken cancellationToken);

    /// <summary>PUT a manifest under a tag or its digest. Returns the digest the registry reports (checked against ours).</summary>
    Task<string> PutManifestAsync(RepositoryReference repository, string reference, RegistryManifest manifest, CancellationToken cancellationToken);

    /// <summary>
    /// Uploads a blob unless the registry has it (the push of image content, kept for the before-push flow).
    /// <paramref name="openContent"/> may be called more than once (a retried upload restarts from the beginning),
    /// so it must return a fresh stream each time.
    /// </summary>
    Task PushBlobAsync(RepositoryReference repository, string digest, long length, Func<Stream> openContent, CancellationToken cancellationToken);

    /// <summary>
    /// Uploads a blob without asking first whether the registry has it. For small blobs that are new by
    /// construction (a fresh signature payload), the existence HEAD would cost a round trip and save nothing;
    /// uploading a blob the registry already has is harmless.
    /// </summary>
    Task UploadBlobAsync(RepositoryReference repository, string digest, long length, Func<Stream> openContent, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="PushBlobAsync(RepositoryReference, string, long, Func{Stream}, CancellationToken)"/>, but a
    /// missing blob is first offered as a cross-repository mount from <paramref name="mountFrom"/> (the base
    /// image's repository on the same registry). The mount request opens the upload session when the registry
    /// cannot mount, so a layer of our own costs no extra request.
    /// </summary>
    Task PushBlobAsync(RepositoryReference repository, string digest, long length, Func<Stream> openContent, string? mountFrom, CancellationToken cancellationToken) =>
        PushBlobAsync(repository, digest, length, openContent, cancellationToken);

    /// <summary>
    /// PUTs a manifest that names a <c>subject</c>, by its digest. True when the registry answered with an
    /// <c>OCI-Subject</c> header: it keeps the referrers list itself, so no <c>sha256-&lt;hex&gt;</c> index is needed
    /// (distribution-spec v1.1 "Pushing Manifests with Subject").
    /// </summary>
    async Task<bool> PutReferrerManifestAsync(RepositoryReference repository, RegistryManifest manifest, CancellationToken cancellationToken)
    {
        await PutManifestAsync(repository, manifest.Digest, manifest, cancellationToken);
        return false;
    }

}
