using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SignPath.Docker.Build.Notation;
using SignPath.Docker.Build.Oci;
using SignPath.Docker.LocalSigner.Processing;

namespace SignPath.Docker.Build.Tests.Notation;

/// <summary>COSE_Sign1 envelopes made by npm cbor + node:crypto over certificates made by openssl (Vectors/notation/README.md): each rule a COSE signature can break.</summary>
public class CoseEnvelopeVerifierTests
{
    private static readonly X509Certificate2 Root = NotationVectors.Root;
    private static readonly OciDescriptor Target = NotationVectors.Target;

    [Fact]
    public void Reads_the_unprotected_signing_agent()
    {
        // Verification of es256.cose and ps256.cose, another target and an untrusted root: NotationSignatureVerifierTests, beside the JWS vectors.
        Assert.Equal("cbor/10.0.12", CoseEnvelope.Parse(Read("es256.cose")).SigningAgent);
        Assert.False(CoseEnvelope.Parse(Read("es256.cose")).HasTimestamp);
    }

    [Theory]
    [InlineData("es256-expired.cose", "expired")]
    [InlineData("es256-tls-leaf.cose", "extended key usage")]
    [InlineData("es256-wrong-alg.cose", "alg is ES384, but the signing certificate's key requires ES256")]
    [InlineData("es256-expiry-not-critical.cose", "not marked critical: io.cncf.notary.expiry")]
    [InlineData("es256-unknown-critical.cose", "critical attribute 'com.example.policy'")]
    [InlineData("es256-wrong-content-type.cose", "content type is 'application/json'")]
    [InlineData("es256-untagged.cose", "COSE_Sign1_Tagged")]
    public void Refuses_envelopes_that_break_a_rule(string file, string reason)
    {
        var error = Assert.Throws<NotationFormatException>(() => Verify(Read(file)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_tampered_payload()
    {
        var envelope = Read("es256.cose");
        var size = Encoding.ASCII.GetBytes($"\"size\":{Target.Size}");
        var at = envelope.AsSpan().IndexOf(size);
        Assert.True(at > 0);
        envelope[at + size.Length - 1]++;

        var error = Assert.Throws<NotationFormatException>(() => Verify(envelope, Target with { Size = Target.Size + 1 }));
        Assert.Contains("does not verify", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_chain_without_its_intermediate_or_its_root()
    {
        // x5chain is unprotected: changing it keeps the signature valid, so only the chain rules stand in the way.
        var leaf = NotationVectors.Certificate("leaf-p256.pem");
        var intermediate = NotationVectors.Certificate("intermediate.pem");

        var withoutIntermediate = Assert.Throws<NotationFormatException>(() => Verify(WithChain(Read("es256.cose"), leaf, Root)));
        var withoutRoot = Assert.Throws<NotationFormatException>(() => Verify(WithChain(Read("es256.cose"), leaf, intermediate)));

        Assert.Contains("not issued by", withoutIntermediate.Message, StringComparison.Ordinal);
        Assert.Contains("self-signed root", withoutRoot.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_chain_that_is_not_an_array_or_is_missing()
    {
        var leaf = NotationVectors.Certificate("leaf-p256.pem");
        var bare = CoseMessage.DecodeSign1(Read("es256.cose"));
        bare.UnprotectedHeaders[new CoseHeaderLabel(CoseEnvelope.X5ChainLabel)] = CoseHeaderValue.FromBytes(leaf.RawData);
        var missing = CoseMessage.DecodeSign1(Read("es256.cose"));
        missing.UnprotectedHeaders.Remove(new CoseHeaderLabel(CoseEnvelope.X5ChainLabel));

        Assert.Contains("not an array", Assert.Throws<NotationFormatException>(() => Verify(bare.Encode())).Message, StringComparison.Ordinal);
        Assert.Contains("no x5chain", Assert.Throws<NotationFormatException>(() => Verify(missing.Encode())).Message, StringComparison.Ordinal);
        Assert.Throws<NotationFormatException>(() => Verify([0xD2, 0x84, 0x40]));
    }

    [Fact]
    public void Envelopes_of_the_local_signing_service_verify()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var leafRequest = new CertificateRequest("CN=Test Leaf", key, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var leaf = leafRequest.Create(root, now.AddDays(-1), now.AddMonths(1), [1, 2, 3]);

        var envelope = NotationCoseSigning.Sign(NotationPayload.Create(Target), [leaf, root], key, now, "test/1.0");

        var result = new NotationSignatureVerifier([root]).Verify(CoseEnvelope.MediaType, envelope, Target);
        Assert.Equal("CN=Test Leaf", result.Signer);
        Assert.Equal(now.ToUnixTimeSeconds(), result.SigningTime.ToUnixTimeSeconds());
        Assert.Equal("test/1.0", CoseEnvelope.Parse(envelope).SigningAgent);
    }

    private static NotationVerifiedSignature Verify(byte[] envelope, OciDescriptor? target = null) =>
        new NotationSignatureVerifier([Root]).Verify(CoseEnvelope.MediaType, envelope, target ?? Target);

    private static byte[] WithChain(byte[] envelope, params X509Certificate2[] chain)
    {
        var message = CoseMessage.DecodeSign1(envelope);
        var writer = new CborWriter();
        writer.WriteStartArray(chain.Length);
        foreach (var certificate in chain)
        {
            writer.WriteByteString(certificate.RawData);
        }

        writer.WriteEndArray();
        message.UnprotectedHeaders[new CoseHeaderLabel(CoseEnvelope.X5ChainLabel)] = CoseHeaderValue.FromEncodedValue(writer.Encode());
        return message.Encode();
    }

    private static byte[] Read(string file) => NotationVectors.Read(file);
}
