using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.SigningData;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.LocalSigner.Processing;

namespace SignPath.Docker.Build.Tests.Notary;

public sealed class NotarySigningPolicyTests : IAsyncLifetime
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
    public async Task ProcessorSignsAValidRequestSoThatTheBuildAcceptsIt()
    {
        var request = Request(Update(TufRoleName.Releases), Update(NotaryTestRepository.SignPathRole));

        var (outcome, signedZip) = await _repository.ProcessAsync(request);

        Assert.Equal(ArtifactProcessingResult.Completed, outcome.Result);
        var signed = Assert.Single(NotarySigningData.ReadSigned(signedZip, [request]));
        var releases = DelegationUpdateChecker.Check(_repository.Trust, TufRoleName.Releases, signed[TufRoleName.Releases], Claimed, Now);
        var signpath = DelegationUpdateChecker.Check(_repository.Trust, NotaryTestRepository.SignPathRole, signed[NotaryTestRepository.SignPathRole], Claimed, Now);
        Assert.Equal(2, releases.Role.Version);
        Assert.Equal(["1.0", "2.0"], releases.Role.Targets.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, signpath.Role.Version);
        Assert.Equal(_repository.DelegationKey.PublicKey.KeyId, Assert.Single(releases.Envelope.Signatures).KeyId);
    }

    [Fact]
    public async Task CorruptSignaturesFaultMakesTheBuildRefuseTheResult()
    {
        var request = Request(Update(TufRoleName.Releases));

        var (outcome, signedZip) = await _repository.ProcessAsync(request, corrupt: true);

        Assert.Equal(ArtifactProcessingResult.Completed, outcome.Result);
        var signed = Assert.Single(NotarySigningData.ReadSigned(signedZip, [request]));
        var exception = Assert.Throws<SignPathDockerException>(() =>
            DelegationUpdateChecker.Check(_repository.Trust, TufRoleName.Releases, signed[TufRoleName.Releases], Claimed, Now));
        Assert.Equal(ErrorCodes.DelegationUpdateInvalid, exception.Code);
    }

    [Fact]
    public async Task RefusesAnExtraTarget()
    {
        var withExtra = DelegationUpdateBuilder.Build(
            _repository.Trust, TufRoleName.Releases, new Dictionary<string, TufFileMeta> { ["2.0"] = Two, ["sneaky"] = Two }, Now);

        await AssertDeniedAsync(Request(withExtra with { ClaimedTargets = Claimed }), "adds the unclaimed target 'sneaky'");
    }

    [Fact]
    public async Task RefusesAWrongDigest()
    {
        var update = Update(TufRoleName.Releases) with
        {
            ClaimedTargets = new Dictionary<string, TufFileMeta> { ["2.0"] = NotaryTestRepository.Manifest("owt") },
        };

        await AssertDeniedAsync(Request(update), "does not have the claimed sha256 and length");
    }

    [Fact]
    public async Task RefusesAChangedUnclaimedTarget()
    {
        var update = DelegationUpdateBuilder.Build(
            _repository.Trust, TufRoleName.Releases, new Dictionary<string, TufFileMeta> { ["2.0"] = Two, ["1.0"] = Two }, Now);

        await AssertDeniedAsync(Request(update with { ClaimedTargets = Claimed }), "changes the unclaimed target '1.0'");
    }

    [Fact]
    public async Task RefusesAStaleVersion()
    {
        var update = Update(TufRoleName.Releases);
        var stale = new TufTargets { Version = 1, Expires = update.Targets.Expires, Targets = update.Targets.Targets };

        await AssertDeniedAsync(Request(update with { Targets = stale, CanonicalSigned = CanonicalJson.Serialize(stale.ToJson()) }), "has version 1, not 2");
    }

    [Fact]
    public async Task RefusesAnExpiryBeyondTenYears()
    {
        var update = Update(TufRoleName.Releases);
        var late = new TufTargets { Version = 2, Expires = Now.AddYears(11), Targets = update.Targets.Targets };

        await AssertDeniedAsync(Request(update with { Targets = late, CanonicalSigned = CanonicalJson.Serialize(late.ToJson()) }), "not within 10 years");
    }

    [Fact]
    public async Task RefusesAnUnregisteredRepository() =>
        await AssertDeniedAsync(Request(Update(TufRoleName.Releases)), "is not registered", new NotaryRootRegistry(), ErrorCodes.RootNotTrusted);

    [Fact]
    public async Task RefusesARootWithoutTheRegisteredKey()
    {
        using var other = await NotaryTestRepository.CreateAsync();
        var registry = new NotaryRootRegistry();
        registry.Add(other.RootCertificatePem, NotaryTestRepository.Gun);

        await AssertDeniedAsync(Request(Update(TufRoleName.Releases)), "does not list the registered root key", registry, ErrorCodes.RootNotTrusted);
    }

    [Fact]
    public void RegistryRefusesACertificateForAnotherRepository()
    {
        var exception = Assert.Throws<SignPathDockerException>(() => new NotaryRootRegistry().Add(_repository.RootCertificatePem, "localhost:5000/other"));

        Assert.Contains("CN is 'localhost:5000/sample/app'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesWhenTheDelegationDoesNotListTheSignerKey()
    {
        using var other = await NotaryTestRepository.CreateAsync();
        var request = Request(Update(TufRoleName.Releases));
        var policy = new NotarySigningPolicy(_repository.Registry(), other.DelegationKey, new FixedTime(Now));

        var exception = await Assert.ThrowsAsync<SignPathDockerException>(() =>
            policy.CheckAndSignAsync(NotarySigningData.ReadRequest(NotarySigningData.Create([request])), false, CancellationToken.None));

        Assert.Contains("does not list the signer's delegation key", exception.Message, StringComparison.Ordinal);
    }

    private DelegationUpdate Update(string role) => DelegationUpdateBuilder.Build(_repository.Trust, role, Claimed, Now);

    private NotarySigningRepository Request(params DelegationUpdate[] updates) => new(_repository.Trust, updates);

    private async Task AssertDeniedAsync(NotarySigningRepository request, string reason, NotaryRootRegistry? registry = null, string? code = null)
    {
        var (outcome, _) = await _repository.ProcessAsync(request, registry);

        Assert.Equal(ArtifactProcessingResult.Denied, outcome.Result);
        Assert.Contains(reason, outcome.Reason, StringComparison.Ordinal);
        if (code is not null)
        {
            var policy = new NotarySigningPolicy(registry ?? _repository.Registry(), _repository.DelegationKey, new FixedTime(Now));
            var exception = await Assert.ThrowsAsync<SignPathDockerException>(() =>
                policy.CheckAndSignAsync(NotarySigningData.ReadRequest(NotarySigningData.Create([request])), false, CancellationToken.None));
            Assert.Equal(code, exception.Code);
        }
    }
}
