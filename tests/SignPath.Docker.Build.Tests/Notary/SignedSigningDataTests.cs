using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.SigningData;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.LocalSigner.Faults;
using SignPath.Docker.LocalSigner.Processing;

namespace SignPath.Docker.Build.Tests.Notary;

/// <summary>
/// The check between signing and publishing (DelegationUpdateChecker.CheckSigned), fed with what the
/// LocalSigner's notary configuration returns, honest or tampered by an injected fault.
/// </summary>
public sealed class SignedSigningDataTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = NotaryTestRepository.Now;
    private static readonly TufFileMeta Two = NotaryTestRepository.Manifest("two");
    private NotaryTestRepository _repository = null!;

    private static Dictionary<string, TufFileMeta> Claimed => new() { ["2.0"] = Two };

    public async Task InitializeAsync() => _repository = await NotaryTestRepository.CreateAsync();

    public Task DisposeAsync()
    {
        _repository.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task HonestOutputPassesAndReadsBackOnItsOwn()
    {
        var request = Request();
        var signedZip = await SignAsync(request, tampering: null);

        var files = DelegationUpdateChecker.CheckSigned(_repository.Trust, request.UnsignedRoles, NotarySigningData.ReadSigned(signedZip, [request])[0], request.ClaimedTargets, Now);
        var (prepared, signedRoles) = Assert.Single(NotarySigningData.ReadSignedFile(signedZip));

        Assert.Equal([TufRoleName.Releases, NotaryTestRepository.SignPathRole], files.Keys);
        Assert.Equal(request.UnsignedRoles, prepared.UnsignedRoles);
        Assert.Equal(_repository.Trust.Targets.Envelope.FileBytes, prepared.Targets);
        Assert.Equal(files, signedRoles);
        Assert.Equal(files, DelegationUpdateChecker.CheckSigned(_repository.Trust, prepared.UnsignedRoles, signedRoles, prepared.ClaimedTargets, Now));
    }

    [Theory]
    [InlineData(FaultKinds.NotaryExtraTarget, "adds the unclaimed target 'tampered-extra'")]
    [InlineData(FaultKinds.NotaryWrongDigest, "the target '2.0' does not have the claimed digest and length")]
    [InlineData(FaultKinds.NotaryStaleVersion, "version 1 is not above the current version 1")]
    [InlineData(FaultKinds.NotaryOtherKey, "no valid signature by the delegation key registered for it")]
    public async Task TamperedOutputIsRefusedWithTheReason(string tampering, string reason)
    {
        var request = Request();
        var signedZip = await SignAsync(request, tampering);

        var exception = Assert.Throws<SignPathDockerException>(() =>
            DelegationUpdateChecker.CheckSigned(_repository.Trust, request.UnsignedRoles, NotarySigningData.ReadSigned(signedZip, [request])[0], request.ClaimedTargets, Now));

        Assert.Equal(ErrorCodes.DelegationUpdateInvalid, exception.Code);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.Contains("targets/releases", exception.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was published", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidlySignedOtherBytesAreRefused()
    {
        var request = Request();
        var other = DelegationUpdateBuilder.Build(_repository.Trust, TufRoleName.Releases, Claimed, Now.AddDays(1));
        var signed = new Dictionary<string, byte[]>
        {
            [TufRoleName.Releases] = await TufEnvelope.SignAsync(other.CanonicalSigned, [_repository.DelegationKey.Signer], CancellationToken.None),
            [NotaryTestRepository.SignPathRole] = await TufEnvelope.SignAsync(request.Updates[1].CanonicalSigned, [_repository.DelegationKey.Signer], CancellationToken.None),
        };

        var exception = Assert.Throws<SignPathDockerException>(() =>
            DelegationUpdateChecker.CheckSigned(_repository.Trust, request.UnsignedRoles, signed, request.ClaimedTargets, Now));

        Assert.Equal(ErrorCodes.DelegationUpdateInvalid, exception.Code);
        Assert.Contains("signs another version than the one submitted", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingRoleIsRefused()
    {
        var request = Request();
        var signed = new Dictionary<string, byte[]>
        {
            [TufRoleName.Releases] = await TufEnvelope.SignAsync(request.Updates[0].CanonicalSigned, [_repository.DelegationKey.Signer], CancellationToken.None),
        };

        var exception = Assert.Throws<SignPathDockerException>(() =>
            DelegationUpdateChecker.CheckSigned(_repository.Trust, request.UnsignedRoles, signed, request.ClaimedTargets, Now));

        Assert.Equal(ErrorCodes.SignedTrustDataRejected, exception.Code);
        Assert.Contains(NotaryTestRepository.SignPathRole, exception.Message, StringComparison.Ordinal);
    }

    private NotarySigningRepository Request() =>
        NotarySigningRepository.Build(_repository.Trust, [TufRoleName.Releases, NotaryTestRepository.SignPathRole], Claimed, Now);

    private async Task<byte[]> SignAsync(NotarySigningRepository request, string? tampering)
    {
        var (outcome, signedZip) = await _repository.ProcessAsync(request, tampering: tampering);
        Assert.Equal(ArtifactProcessingResult.Completed, outcome.Result);
        return signedZip;
    }
}
