using System.Collections.Concurrent;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Tests.Fakes;

/// <summary>A registry in a dictionary, for unit tests of flows. Integration tests use the real one.</summary>
internal sealed class InMemoryRegistry : IRegistryClient
{
    private readonly ConcurrentDictionary<(RepositoryReference, string), RegistryManifest> manifests = new();
    private readonly ConcurrentDictionary<(RepositoryReference, string), byte[]> blobs = new();

    private int requests;

    public int Requests => requests;

    /// <summary>Digests of the blobs uploaded, in order.</summary>
    public ConcurrentQueue<string> UploadedBlobs { get; } = new();

    /// <summary>References manifests were PUT under (tag or digest), in order.</summary>
    public ConcurrentQueue<string> PutReferences { get; } = new();

    /// <summary>References asked for with HEAD, in order.</summary>
    public ConcurrentQueue<string> HeadedReferences { get; } = new();

    /// <summary>Runs once, at the next HEAD of a reference ending in the given suffix: lets a test play a concurrent writer.</summary>
    public (string Suffix, Action Action)? BeforeNextHead { get; set; }

    public void AddManifest(RepositoryReference repository, string tag, RegistryManifest manifest)
    {
        manifests[(repository, tag)] = manifest;
        manifests[(repository, manifest.Digest)] = manifest;
    }

    public byte[]? Blob(RepositoryReference repository, string digest) => blobs.GetValueOrDefault((repository, digest));

    public RegistryManifest? Manifest(RepositoryReference repository, string reference) => manifests.GetValueOrDefault((repository, reference));

    public Task<RegistryManifest?> GetManifestAsync(RepositoryReference repository, string reference, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        return Task.FromResult(manifests.GetValueOrDefault((repository, reference)));
    }

    public Task<ManifestDescriptor?> HeadManifestAsync(RepositoryReference repository, string reference, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        HeadedReferences.Enqueue(reference);
        if (BeforeNextHead is { } hook && reference.EndsWith(hook.Suffix, StringComparison.Ordinal))
        {
            BeforeNextHead = null;
            hook.Action();
        }

        var manifest = manifests.GetValueOrDefault((repository, reference));
        return Task.FromResult(manifest is null ? null : new ManifestDescriptor(manifest.MediaType, manifest.Digest, manifest.Content.Length));
    }

    public Task<string> PutManifestAsync(RepositoryReference repository, string reference, RegistryManifest manifest, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        PutReferences.Enqueue(reference);
        AddManifest(repository, reference, manifest);
        return Task.FromResult(manifest.Digest);
    }

    public Task PushBlobAsync(RepositoryReference repository, string digest, long length, Func<Stream> openContent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        using var stream = openContent();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        if (ContentDigest.Sha256(bytes) != digest || bytes.Length != length)
        {
            throw new InvalidOperationException("blob does not match its digest");
        }

        blobs[(repository, digest)] = bytes;
        UploadedBlobs.Enqueue(digest);
        return Task.CompletedTask;
    }

    public Task UploadBlobAsync(RepositoryReference repository, string digest, long length, Func<Stream> openContent, CancellationToken cancellationToken) =>
        PushBlobAsync(repository, digest, length, openContent, cancellationToken);
}
