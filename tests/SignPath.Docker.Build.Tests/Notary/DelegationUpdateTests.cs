using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;
using Xunit;

namespace SignPath.Docker.Build.Tests.Notary;

public sealed class DelegationUpdateTests : IDisposable
{
    private static readonly DateTimeOffset Now = NotaryVectors.Now;
    private readonly ECDsa _delegationKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly LocalTufSigner _signer;
    private readonly TrustData _trust = NotaryVectors.TrustData();
    private readonly TufFileMeta _manifest = TufFileMeta.ForContent("{\"schemaVersion\":2}"u8);

    public DelegationUpdateTests() => _signer = new LocalTufSigner(_delegationKey);

    public void Dispose() => _delegationKey.Dispose();

    private Dictionary<string, TufFileMeta> Claimed => new() { ["2.0"] = _manifest, ["latest"] = _manifest };

    private TufTargets Previous => _trust.Delegations[TufRoleName.Releases].Role;

    private TufDelegationRole Entry => _trust.FindDelegation(TufRoleName.Releases)!.Value.Role;

    private Dictionary<string, TufKey> Keys => new() { [_signer.PublicKey.KeyId] = _signer.PublicKey };

    [Fact]
    public void BuilderKeepsExistingTargetsSetsClaimedOnesAndBumpsVersion()
    {
        var update = DelegationUpdateBuilder.Build(_trust, TufRoleName.Releases, Claimed, Now);

        Assert.Equal(Previous.Version + 1, update.Targets.Version);
        Assert.Equal(Now.AddYears(3), update.Targets.Expires);
        Assert.Equal(Previous.Targets.Count + 2, update.Targets.Targets.Count);
        Assert.True(update.Targets.Targets["1.0"].SameAs(Previous.Targets["1.0"]));
        Assert.True(update.Targets.Targets["latest"].SameAs(_manifest));
        Assert.Empty(update.Targets.Delegations.Roles);
        Assert.Equal(update.CanonicalSigned, CanonicalJson.Serialize(JsonNode.Parse(update.CanonicalSigned)));
    }

    [Fact]
    public void BuilderStartsARoleWithoutAFileAtVersion1()
    {
        var update = DelegationUpdateBuilder.Build(_trust, "targets/signpath", Claimed, Now);

        Assert.Equal(1, update.Targets.Version);
        Assert.Equal(2, update.Targets.Targets.Count);
    }

    [Fact]
    public void BuilderRefusesARoleTheParentDoesNotDelegate()
    {
        var exception = Assert.Throws<SignPathDockerException>(() => DelegationUpdateBuilder.Build(_trust, "targets/other", Claimed, Now));

        Assert.Equal(ErrorCodes.DelegationRoleMissing, exception.Code);
    }

    [Fact]
    public async Task CheckerAcceptsWhatTheBuilderMadeOnceSigned()
    {
        var file = await SignAsync(DelegationUpdateBuilder.Build(_trust, TufRoleName.Releases, Claimed, Now).Targets);

        var checkedRole = DelegationUpdateChecker.Check(Previous, file, Entry, Keys, Claimed, Now);

        Assert.Equal(Previous.Version + 1, checkedRole.Role.Version);
    }

    [Fact]
    public async Task CheckerRefusesAnExtraTarget() =>
        await AssertRefusedAsync(targets => Mutate(targets, t => t.Targets, map => map["sneaky"] = _manifest), "unclaimed target 'sneaky'");

    [Fact]
    public async Task CheckerRefusesAWrongDigest() =>
        await AssertRefusedAsync(targets => Mutate(targets, t => t.Targets, map => map["latest"] = TufFileMeta.ForContent("other"u8)), "claimed digest");

    [Fact]
    public async Task CheckerRefusesAChangedExistingTarget() =>
        await AssertRefusedAsync(targets => Mutate(targets, t => t.Targets, map => map["1.0"] = _manifest), "unclaimed target '1.0'");

    [Fact]
    public async Task CheckerRefusesADroppedTarget() =>
        await AssertRefusedAsync(targets => Mutate(targets, t => t.Targets, map => map.Remove("t1")), "drops the target 't1'");

    [Fact]
    public async Task CheckerRefusesAStaleVersion() =>
        await AssertRefusedAsync(targets => With(targets, version: Previous.Version), "not above");

    [Fact]
    public async Task CheckerRefusesAnExpiredRole() =>
        await AssertRefusedAsync(targets => With(targets, expires: Now.AddSeconds(-1)), "expires");

    [Fact]
    public async Task CheckerRefusesAnExpiryBeyondTenYears() =>
        await AssertRefusedAsync(targets => With(targets, expires: Now.AddYears(11)), "expires");

    [Fact]
    public async Task CheckerRefusesASignatureByAKeyNotListedForTheRole()
    {
        var file = await SignAsync(DelegationUpdateBuilder.Build(_trust, TufRoleName.Releases, Claimed, Now).Targets);

        var exception = Assert.Throws<SignPathDockerException>(() =>
            DelegationUpdateChecker.Check(_trust, TufRoleName.Releases, file, Claimed, Now));

        Assert.Equal(ErrorCodes.DelegationUpdateInvalid, exception.Code);
        Assert.Contains("valid signature", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckerRefusesATamperedFile()
    {
        var file = await SignAsync(DelegationUpdateBuilder.Build(_trust, TufRoleName.Releases, Claimed, Now).Targets);
        var text = Encoding.UTF8.GetString(file).Replace("\"length\":19", "\"length\":20", StringComparison.Ordinal);

        var exception = Assert.Throws<SignPathDockerException>(() =>
            DelegationUpdateChecker.Check(Previous, Encoding.UTF8.GetBytes(text), Entry, Keys, Claimed, Now));

        Assert.Equal(ErrorCodes.DelegationUpdateInvalid, exception.Code);
    }

    private async Task AssertRefusedAsync(Func<TufTargets, TufTargets> tamper, string expected)
    {
        var file = await SignAsync(tamper(DelegationUpdateBuilder.Build(_trust, TufRoleName.Releases, Claimed, Now).Targets));

        var exception = Assert.Throws<SignPathDockerException>(() => DelegationUpdateChecker.Check(Previous, file, Entry, Keys, Claimed, Now));

        Assert.Equal(ErrorCodes.DelegationUpdateInvalid, exception.Code);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    private Task<byte[]> SignAsync(TufTargets targets) =>
        TufEnvelope.SignAsync(CanonicalJson.Serialize(targets.ToJson()), [_signer], CancellationToken.None);

    private static TufTargets Mutate(TufTargets targets, Func<TufTargets, IReadOnlyDictionary<string, TufFileMeta>> select, Action<Dictionary<string, TufFileMeta>> change)
    {
        var map = new Dictionary<string, TufFileMeta>(select(targets));
        change(map);
        return new TufTargets { Version = targets.Version, Expires = targets.Expires, Targets = map };
    }

    private static TufTargets With(TufTargets targets, int? version = null, DateTimeOffset? expires = null) =>
        new() { Version = version ?? targets.Version, Expires = expires ?? targets.Expires, Targets = targets.Targets };
}
