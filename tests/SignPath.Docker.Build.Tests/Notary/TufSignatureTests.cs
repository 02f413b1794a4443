using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;
using Xunit;

namespace SignPath.Docker.Build.Tests.Notary;

public class TufSignatureTests
{
    [Fact]
    public void EveryKeyIdInTheVectorsIsTheHashOfItsKeyObject()
    {
        var trust = NotaryVectors.TrustData();

        // Parsing already refuses a mismatch; check the IDs notary printed are what we compute.
        Assert.Equal(4, trust.Root.Role.Keys.Count);
        Assert.All(trust.Root.Role.Keys, pair => Assert.Equal(pair.Key, pair.Value.KeyId));
        Assert.Contains("26f1275860bee6f01786ac01e08279210308715282dd8c2bec01e648e4822ab8", trust.Root.Role.Keys.Keys);
        Assert.Equal("ccfcef4355b7800680f30813f052a536c502e16911d38c965380b080f697b048", Assert.Single(trust.Targets.Role.Delegations.Keys).Key);
    }

    [Fact]
    public void KeyIdOfACertificateFileMatchesWhatNotaryDelegationAddWrote()
    {
        var key = TufKeyFactory.FromCertificatePem(Encoding.ASCII.GetString(NotaryVectors.Read("delegation.crt")));

        Assert.Equal(TufKey.EcdsaX509, key.KeyType);
        Assert.Equal("ccfcef4355b7800680f30813f052a536c502e16911d38c965380b080f697b048", key.KeyId);
    }

    [Theory]
    [InlineData("root.json", "root")]
    [InlineData("targets.json", "targets")]
    public void EcdsaSignaturesOfBaseRolesVerify(string file, string role)
    {
        var trust = NotaryVectors.TrustData();
        var (keys, threshold) = trust.Root.Role.KeysFor(role);

        TufThresholdCheck.Require(NotaryVectors.Envelope(file), role, keys, threshold);
    }

    [Fact]
    public void DelegationSignatureVerifiesWithTheX509KeyAndFailsAfterAFlippedByte()
    {
        var trust = NotaryVectors.TrustData();
        var (entry, keys) = trust.FindDelegation(TufRoleName.Releases)!.Value;
        var envelope = NotaryVectors.Envelope("targets_releases.json");
        var signature = Assert.Single(envelope.Signatures);
        var key = keys[signature.KeyId];

        Assert.True(TufSignatureVerifier.Verify(key, signature, envelope.CanonicalSigned()));
        Assert.Equal(1, entry.Threshold);

        var message = envelope.CanonicalSigned();
        message[10] ^= 1;
        Assert.False(TufSignatureVerifier.Verify(key, signature, message));
        var flippedSignature = signature with { Value = [.. signature.Value] };
        flippedSignature.Value[5] ^= 1;
        Assert.False(TufSignatureVerifier.Verify(key, flippedSignature, envelope.CanonicalSigned()));
    }

    [Fact]
    public void ADerEcdsaSignatureIsRefusedAsNotaryDoes()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = TufKeyFactory.FromPublicKey(ecdsa);
        var message = "{\"a\":1}"u8.ToArray();
        var der = ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        Assert.False(TufSignatureVerifier.Verify(key, new TufSignature(key.KeyId, "ecdsa", der), message));
    }

    [Fact]
    public void Ed25519ServerKeysAreReportedAsUnsupported()
    {
        var trust = NotaryVectors.TrustData();
        var (keys, threshold) = trust.Root.Role.KeysFor(TufRoleName.Timestamp);

        var exception = Assert.Throws<SignPathDockerException>(() =>
            TufThresholdCheck.Require(NotaryVectors.Envelope("timestamp.json"), "timestamp", keys, threshold));

        Assert.Equal(ErrorCodes.TrustDataInvalid, exception.Code);
        Assert.Contains("ed25519", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ecdsa-p256")]
    [InlineData("ecdsa-p384")]
    [InlineData("rsa")]
    [InlineData("ecdsa-x509")]
    public async Task LocalSignerSignaturesVerify(string kind)
    {
        using var ecdsa = ECDsa.Create(kind == "ecdsa-p384" ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        using var certificate = kind == "ecdsa-x509"
            ? new CertificateRequest("CN=signpath", ecdsa, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1))
            : null;
        var signer = kind == "rsa" ? new LocalTufSigner(rsa) : new LocalTufSigner(ecdsa, certificate);
        var message = "{\"_type\":\"Targets\"}"u8.ToArray();

        var file = await TufEnvelope.SignAsync(message, [signer], CancellationToken.None);
        var envelope = TufEnvelope.Parse(file, "test");

        Assert.Equal(kind == "ecdsa-x509" ? TufKey.EcdsaX509 : kind == "rsa" ? TufKey.Rsa : TufKey.Ecdsa, signer.PublicKey.KeyType);
        Assert.Equal(1, TufThresholdCheck.CountValidSignatures(envelope, new Dictionary<string, TufKey> { [signer.PublicKey.KeyId] = signer.PublicKey }, out _));
    }
}
