using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.SignPath;

/// <summary>
/// One LocalSigner shared by the tests of <see cref="SharedLocalSigner"/>. Tests in the collection run
/// one after another, so each may arm faults; call <see cref="ResetAsync"/> first.
/// </summary>
public sealed class LocalSignerFixture : IAsyncLifetime
{
    private LocalSignerProcess? _signer;

    public LocalSignerProcess Signer => _signer ?? throw new InvalidOperationException("The LocalSigner has not been started.");

    public async Task InitializeAsync() => _signer = await LocalSignerProcess.StartAsync();

    public async Task ResetAsync()
    {
        await Signer.ClearFaultsAsync();
        await Signer.ClearRequestsAsync();
    }

    public async Task DisposeAsync()
    {
        if (_signer is not null)
        {
            await _signer.DisposeAsync();
        }
    }
}
