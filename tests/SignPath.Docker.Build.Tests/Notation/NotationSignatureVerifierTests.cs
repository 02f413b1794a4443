using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using SignPath.Docker.Build.Notation;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Tests.Notation;

/// <summary>Envelopes made by npm jose (JWS) and npm cbor (COSE; more in <see cref="CoseEnvelopeVerifierTests"/>) and certificates made by openssl (Vectors/notation/README.md).</summary>
public class NotationSignatureVerifierTests
{
    private static readonly X509Certificate2 Root = NotationVectors.Root;
    private static readonly OciDescriptor Target = NotationVectors.Target;

    [Theory]
    [InlineData("es256.jws", "ES256", "CN=Vector leaf-p256, O=Vectors, C=US")]
    [InlineData("ps256.jws", "PS256", "CN=Vector leaf-rsa2048, O=Vectors, C=US")]
    [InlineData("es256.cose", "ES256", "CN=Vector leaf-p256, O=Vectors, C=US")]
    [InlineData("ps256.cose", "PS256", "CN=Vector leaf-rsa2048, O=Vectors, C=US")]
    public void Verifies_envelopes_made_by_jose_and_cbor(string file, string algorithm, string signer)
    {
        var result = new NotationSignatureVerifier([Root]).Verify(MediaTypeOf(file), Read(file), Target);

        Assert.Equal(algorithm, result.Algorithm);
        Assert.Equal(signer, result.Signer);
        Assert.Equal(3, result.Thumbprints.Count);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Root.RawData)), result.Thumbprints[^1]);
    }

    [Theory]
    [InlineData("es256-der.jws", "does not verify")]
    [InlineData("es256-expired.jws", "expired")]
    [InlineData("es256-tls-leaf.jws", "extended key usage")]
    public void Refuses_envelopes_that_break_a_rule(string file, string reason)
    {
        var error = Assert.Throws<NotationFormatException>(() => new NotationSignatureVerifier([Root]).Verify(JwsEnvelope.MediaType, Read(file), Target));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("es256.jws")]
    [InlineData("es256.cose")]
    public void Refuses_another_target(string file)
    {
        var verifier = new NotationSignatureVerifier([Root]);

        Assert.Throws<NotationFormatException>(() => verifier.Verify(MediaTypeOf(file), Read(file), Target with { Size = Target.Size + 1 }));
        Assert.Throws<NotationFormatException>(() => verifier.Verify(MediaTypeOf(file), Read(file), Target with { MediaType = OciMediaTypes.ImageIndex }));
        var error = Assert.Throws<NotationFormatException>(() => verifier.Verify(MediaTypeOf(file), Read(file), Target with { Digest = "sha256:" + new string('c', 64) }));
        Assert.Contains("the signature is for", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("es256.jws")]
    [InlineData("es256.cose")]
    public void Refuses_an_untrusted_root_but_checks_integrity_without_one(string file)
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = new CertificateRequest("CN=Other", otherKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var error = Assert.Throws<NotationFormatException>(() => new NotationSignatureVerifier([other]).Verify(MediaTypeOf(file), Read(file), Target));
        Assert.Contains("trusted root", error.Message, StringComparison.Ordinal);
        Assert.Equal("ES256", new NotationSignatureVerifier().Verify(MediaTypeOf(file), Read(file), Target).Algorithm);
    }

    [Fact]
    public void Refuses_a_tampered_payload_or_header()
    {
        var envelope = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Read("es256.jws"))!;
        var tamperedPayload = Encoding.UTF8.GetString(Read("es256.jws")).Replace(envelope["payload"].GetString()!, System.Buffers.Text.Base64Url.EncodeToString(NotationPayload.Create(Target with { Size = 1 })), StringComparison.Ordinal);

        var error = Assert.Throws<NotationFormatException>(() => new NotationSignatureVerifier([Root]).Verify(JwsEnvelope.MediaType, Encoding.UTF8.GetBytes(tamperedPayload), Target with { Size = 1 }));
        Assert.Contains("does not verify", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_chain_sent_without_its_root()
    {
        var envelope = Encoding.UTF8.GetString(Read("es256.jws"));
        var rootBase64 = Convert.ToBase64String(Root.RawData);
        var withoutRoot = envelope.Replace(",\"" + rootBase64 + "\"", string.Empty, StringComparison.Ordinal);
        Assert.NotEqual(envelope, withoutRoot);

        var error = Assert.Throws<NotationFormatException>(() => new NotationSignatureVerifier([Root]).Verify(JwsEnvelope.MediaType, Encoding.UTF8.GetBytes(withoutRoot), Target));
        Assert.Contains("self-signed root", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_envelope_under_the_other_media_type_or_an_unknown_one()
    {
        Assert.Throws<NotationFormatException>(() => new NotationSignatureVerifier([Root]).Verify(OciMediaTypes.CoseEnvelope, Read("es256.jws"), Target));
        Assert.Throws<NotationFormatException>(() => new NotationSignatureVerifier([Root]).Verify(OciMediaTypes.JwsEnvelope, Read("es256.cose"), Target));
        Assert.Throws<NotationFormatException>(() => new NotationSignatureVerifier([Root]).Verify("application/octet-stream", Read("es256.jws"), Target));
    }

    [Fact]
    public void Envelopes_written_here_read_back_and_verify()
    {
        var leafPem = File.ReadAllText(Path.Combine(NotationVectors.Directory, "leaf-p256.pem"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        var rootRequest = new CertificateRequest("CN=Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var leafRequest = new CertificateRequest("CN=Test Leaf", key, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        using var leaf = leafRequest.Create(root, now.AddDays(-1), now.AddMonths(1), [1, 2, 3]);

        var envelope = JwsEnvelope.Create(
            JwsProtectedHeader.Create(JwsAlgorithm.ES256, now),
            NotationPayload.Create(Target),
            [leaf, root],
            input => key.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            "test/1.0");

        Assert.NotEmpty(leafPem);
        var result = new NotationSignatureVerifier([root]).Verify(JwsEnvelope.MediaType, envelope, Target);
        Assert.Equal("CN=Test Leaf", result.Signer);
        Assert.Equal("test/1.0", JwsEnvelope.Parse(envelope).SigningAgent);
    }

    private static byte[] Read(string file) => NotationVectors.Read(file);

    private static string MediaTypeOf(string file) => file.EndsWith(".cose", StringComparison.Ordinal) ? CoseEnvelope.MediaType : JwsEnvelope.MediaType;
}
