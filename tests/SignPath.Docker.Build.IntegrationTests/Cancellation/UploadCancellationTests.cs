using System.Security.Cryptography;
using System.Text;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.IntegrationTests.Faults;
using SignPath.Docker.Build.IntegrationTests.Registry;
using SignPath.Docker.Build.Registry;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Cancellation;

/// <summary>
/// Cancellation while a signature is being attached (the registry holds a request open): the attach stops at
/// once with OperationCanceledException and the .sig tag is what it was, whichever request was in flight.
/// </summary>
[Collection(RegistryRigDefinition.Name)]
public sealed class UploadCancellationTests(RegistryRig rig) : IAsyncLifetime
{
    private FaultProxy? _proxy;

    public async Task InitializeAsync() => _proxy = await FaultProxy.StartAsync(new Uri($"http://{rig.Anonymous}/"));

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("POST", "/blobs/uploads/$")]
    [InlineData("PUT", "/blobs/uploads/")]
    [InlineData("PUT", "/manifests/")]
    public async Task Canceling_during_a_request_leaves_the_signature_tag_unchanged(string method, string path)
    {
        var proxy = _proxy!;
        var repository = "cancel/upload-" + Guid.NewGuid().ToString("N")[..8];
        var imageDigest = ContentDigest.Sha256(RandomNumberGenerator.GetBytes(32));
        using var http = new HttpClient();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var registry = new RegistryClient(new RegistryClientOptions { RequestTimeout = TimeSpan.FromMinutes(1) });
        var attacher = new CosignSignatureAttacher(registry, Diagnostics.NullProgressLog.Instance);
        var first = Encoding.UTF8.GetBytes("{\"first\":true}");
        await attacher.AttachAsync(new RepositoryReference(rig.Anonymous, repository), imageDigest, first, key.SignData(first, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), default);
        var before = await CosignSignatureState.ReadAsync(http, rig.Anonymous, repository, imageDigest);

        proxy.StallFor = TimeSpan.FromMinutes(1);
        proxy.Reset(new FaultRule(FaultKind.Stall, 1, method, path));
        using var cancellation = new CancellationTokenSource();
        var second = Encoding.UTF8.GetBytes("{\"second\":true}");
        var attach = attacher.AttachAsync(new RepositoryReference(proxy.Authority, repository), imageDigest, second, key.SignData(second, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), cancellation.Token);
        while (!proxy.Fired)
        {
            Assert.False(attach.IsCompleted, "the attach finished before reaching the stalled request");
            await Task.Delay(20);
        }

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => attach);

        var after = await CosignSignatureState.ReadAsync(http, rig.Anonymous, repository, imageDigest);
        Assert.Equal(before.ManifestDigest, after.ManifestDigest);
        Assert.True(after.Keeps(before) && after.Layers.Count == before.Layers.Count);
    }
}
