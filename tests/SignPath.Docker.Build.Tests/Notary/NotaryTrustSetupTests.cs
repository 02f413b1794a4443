using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Tuf;
using Xunit;

namespace SignPath.Docker.Build.Tests.Notary;

public sealed class NotaryTrustSetupTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Root_json_written_for_setup_parses_back_with_one_key_per_role()
    {
        var keys = Enumerable.Range(0, 4).Select(_ => NewKey()).ToArray();
        var root = TufRootWriter.Create(1, Now.AddYears(10), keys[0], keys[1], keys[2], keys[3]);

        using var document = JsonDocument.Parse(CanonicalJson.Serialize(TufRootWriter.ToJson(root)));
        var parsed = TufRoot.Parse(document.RootElement);

        Assert.Equal(1, parsed.Version);
        Assert.Equal(4, parsed.Keys.Count);
        Assert.Equal([keys[1].KeyId], parsed.Roles[TufRoleName.Targets].KeyIds);
        Assert.All(parsed.Roles.Values, role => Assert.Equal(1, role.Threshold));
    }

    [Fact]
    public void Adding_a_certificate_creates_both_roles_with_all_paths()
    {
        var certificate = CertificateKey(Now.AddYears(3));
        var delegations = NotaryTrustSetup.AddCertificate(TufDelegations.Empty, [TufRoleName.Releases, "targets/signpath"], certificate, Now, replaceExpired: false);

        Assert.Equal(2, delegations.Roles.Count);
        Assert.All(delegations.Roles, role =>
        {
            Assert.Equal([certificate.KeyId], role.KeyIds);
            Assert.Equal([""], role.Paths);
            Assert.Equal(1, role.Threshold);
        });
        Assert.Single(delegations.Keys);
    }

    [Fact]
    public void A_renewed_certificate_keeps_valid_keys_and_drops_expired_ones_on_rotation()
    {
        var roles = new[] { TufRoleName.Releases, "targets/signpath" };
        var expiring = CertificateKey(Now.AddDays(10));
        var renewed = CertificateKey(Now.AddYears(3));
        var first = NotaryTrustSetup.AddCertificate(TufDelegations.Empty, roles, expiring, Now, replaceExpired: false);

        var beforeExpiry = NotaryTrustSetup.AddCertificate(first, roles, renewed, Now, replaceExpired: true);
        Assert.All(beforeExpiry.Roles, role => Assert.Equal([expiring.KeyId, renewed.KeyId], role.KeyIds));

        var afterExpiry = NotaryTrustSetup.AddCertificate(first, roles, renewed, Now.AddDays(11), replaceExpired: true);
        Assert.All(afterExpiry.Roles, role => Assert.Equal([renewed.KeyId], role.KeyIds));
        Assert.Equal([renewed.KeyId], afterExpiry.Keys.Keys);
    }

    [Fact]
    public void Delegation_certificates_that_are_expired_or_not_certificates_are_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var expired = new CertificateRequest("CN=signpath", key, HashAlgorithmName.SHA256).CreateSelfSigned(Now.AddYears(-3), Now.AddDays(-1));

        var expiredError = Assert.Throws<SignPathDockerException>(() => DelegationCertificate.Load(expired.ExportCertificatePem(), Now));
        Assert.Equal(ErrorCodes.InvalidDelegationCertificate, expiredError.Code);
        Assert.Contains("expired", expiredError.Message, StringComparison.Ordinal);

        var keyError = Assert.Throws<SignPathDockerException>(() => DelegationCertificate.Load(key.ExportPkcs8PrivateKeyPem(), Now));
        Assert.Equal(ErrorCodes.InvalidDelegationCertificate, keyError.Code);
        Assert.DoesNotContain("PRIVATE", keyError.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<SignPathDockerException>(() => DelegationCertificate.Load("/nonexistent/signpath.crt", Now));
        Assert.Equal(ErrorCodes.InvalidDelegationCertificate, missing.Code);
    }

    private static TufKey NewKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return TufKeyFactory.FromPublicKey(key);
    }

    private static TufKey CertificateKey(DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=signpath", key, HashAlgorithmName.SHA256).CreateSelfSigned(Now.AddYears(-1), notAfter);
        return TufKeyFactory.FromCertificate(certificate);
    }
}
