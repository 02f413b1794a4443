using System.Collections.Concurrent;

namespace SignPath.Docker.LocalSigner.Requests;

/// <summary>All signing requests since start (or since the last clear), in memory.</summary>
public sealed class SigningRequestStore
{
    private readonly ConcurrentDictionary<Guid, LocalSigningRequest> _requests = new();

    public void Add(LocalSigningRequest request) => _requests[request.Id] = request;

    public LocalSigningRequest? Find(Guid id) => _requests.GetValueOrDefault(id);

    public IReadOnlyList<LocalSigningRequest> All() => [.. _requests.Values.OrderBy(request => request.SubmittedAt)];

    public void Clear() => _requests.Clear();
}
