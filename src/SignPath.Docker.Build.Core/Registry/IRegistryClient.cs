namespace SignPath.Docker.Build.Registry;

/// <summary>
/// The parts of the OCI distribution API the signing flows need. <see cref="RegistryClient"/> talks
/// to real registries; unit tests use an in-memory fake.
/// </summary>
public interface IRegistryClient
{
    /// <summary>GET a manifest by tag or digest; null on 404. Verifies the bytes against a digest reference.</summary>
    Task<RegistryManifest?> GetManifestAsync(RepositoryReference repository, string reference, CancellationToken cancellationToken);

    /// <summary>HEAD a manifest by tag or digest; null on 404.</summary>
    Task<ManifestDescriptor?> HeadManifestAsync(RepositoryReference repository, string reference, CancellationToken cancellationToken);

    /// <summary>PUT a manifest under a tag or its digest. Returns the digest the registry reports (checked against ours).</summary>
    Task<string> PutManifestAsync(RepositoryReference repository, string reference, RegistryManifest manifest, CancellationToken cancellationToken);

    Task<bool> BlobExistsAsync(RepositoryReference repository, string digest, CancellationToken cancellationToken);

    /// <summary>
    /// Uploads a blob unless the registry has it. <paramref name="openContent"/> may be called more than once
    /// (a retried upload restarts from the beginning), so it must return a fresh stream each time.
    /// </summary>
    Task PushBlobAsync(RepositoryReference repository, string digest, long length, Func<Stream> openContent, CancellationToken cancellationToken);

    /// <summary>
    /// Uploads a blob without asking first whether the registry has it. For small blobs that are new by
    /// construction (a fresh signature payload), the existence HEAD would cost a round trip and save nothing;
    /// uploading a blob the registry already has is harmless.
    /// </summary>
    Task UploadBlobAsync(RepositoryReference repository, string digest, long length, Func<Stream> openContent, CancellationToken cancellationToken);

    /// <summary>Cross-repository mount; false when the registry answers with an upload session instead.</summary>
    Task<bool> TryMountBlobAsync(RepositoryReference repository, string digest, string fromRepository, CancellationToken cancellationToken);

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

    /// <summary>Reads a whole blob (bounded by <paramref name="maxBytes"/>) and checks it against its digest.</summary>
    Task<byte[]> GetBlobAsync(RepositoryReference repository, string digest, long maxBytes, CancellationToken cancellationToken);
}
