using System.Security.Cryptography;
using System.Text;
using SignPath.Docker.Build.Cosign;
using SignPath.Docker.Build.Crypto;

namespace SignPath.Docker.Build.Tests.Cosign;

/// <summary>Bundles made with node:crypto and checked with @sigstore/verify (Vectors/cosign-bundle/README.md).</summary>
public class CosignBundleVerifierTests
{
    private static readonly string Vectors = Path.Combine(AppContext.BaseDirectory, "Vectors", "cosign-bundle");
    private static readonly string Digest = File.ReadAllText(Path.Combine(Vectors, "digest.txt")).Trim();

    [Theory]
    [InlineData("bundle.json")]
    [InlineData("bundle-p1363.json")]
    public void Verifies_a_bundle_with_the_right_key(string file)
    {
        using var key = Key("cosign.pub");

        var bundle = CosignBundleVerifier.Verify(Read(file), Digest, key);

        Assert.Equal(InTotoStatement.PayloadType, bundle.PayloadType);
        Assert.Equal(SigstoreBundle.KeyHintFor(Convert.FromBase64String(string.Concat(File.ReadAllLines(Path.Combine(Vectors, "cosign.pub")).Where(l => !l.StartsWith("---", StringComparison.Ordinal))))), bundle.KeyHint);
    }

    [Fact]
    public void Refuses_another_key()
    {
        using var key = Key("other.pub");

        var error = Assert.Throws<CosignBundleException>(() => CosignBundleVerifier.Verify(Read("bundle.json"), Digest, key));
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bundle-other-image.json", "not sha256:")]
    [InlineData("bundle-attestation.json", "predicate type")]
    public void Refuses_a_bundle_for_something_else(string file, string reason)
    {
        using var key = Key("cosign.pub");

        var error = Assert.Throws<CosignBundleException>(() => CosignBundleVerifier.Verify(Read(file), Digest, key));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_tampered_payload()
    {
        using var key = Key("cosign.pub");
        var json = Encoding.UTF8.GetString(Read("bundle.json"));
        var bundle = SigstoreBundle.Parse(Read("bundle.json"));
        var otherDigest = "sha256:" + new string('e', 64);
        var tampered = json.Replace(Convert.ToBase64String(bundle.Payload), Convert.ToBase64String(InTotoStatement.ForImage(otherDigest)), StringComparison.Ordinal);

        var error = Assert.Throws<CosignBundleException>(() => CosignBundleVerifier.Verify(Encoding.UTF8.GetBytes(tampered), otherDigest, key));
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"mediaType\":\"application/vnd.dev.sigstore.bundle+json;version=0.1\"}")]
    [InlineData("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{}}}")]
    [InlineData("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{}},\"dsseEnvelope\":{\"payload\":\"e30=\",\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[]}}")]
    [InlineData("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{}},\"messageSignature\":{}}")]
    public void Refuses_malformed_bundles(string json)
    {
        Assert.Throws<CosignBundleException>(() => SigstoreBundle.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Bundles_written_here_have_the_shape_and_bytes_of_the_reference()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var statement = InTotoStatement.ForImage(Digest);
        var signature = ecdsa.SignData(DssePreAuthEncoding.Encode(InTotoStatement.PayloadType, statement), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var hint = SigstoreBundle.KeyHintFor(ecdsa.ExportSubjectPublicKeyInfo());

        var json = SigstoreBundle.Create(statement, signature, hint);

        using var key = VerificationKey.FromSubjectPublicKeyInfo(ecdsa.ExportSubjectPublicKeyInfo(), "test");
        Assert.Equal(hint, CosignBundleVerifier.Verify(json, Digest, key).KeyHint);
        var reference = SigstoreBundle.Parse(Read("bundle.json"));
        Assert.Equal(reference.Payload, statement);
        Assert.StartsWith("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{\"hint\":", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Pae_matches_the_dsse_specification_example()
    {
        // DSSE protocol.md: PAE("http://example.com/HelloWorld", "hello world").
        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.UTF8.GetString(DssePreAuthEncoding.Encode("http://example.com/HelloWorld", "hello world"u8)));
    }

    private static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Vectors, file));

    private static VerificationKey Key(string file) => VerificationKey.FromPem(File.ReadAllText(Path.Combine(Vectors, file)), file);
}
