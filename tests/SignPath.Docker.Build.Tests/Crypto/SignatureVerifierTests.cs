using System.Security.Cryptography;
using SignPath.Docker.Build.Crypto;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Tests.Crypto;

/// <summary>The verifier against signatures openssl made (Vectors/Signatures): each refusal names its cause.</summary>
public sealed class SignatureVerifierTests
{
    private static readonly byte[] Payload = Vector("payload.json");

    [Theory]
    [InlineData("p256")]
    [InlineData("p384")]
    [InlineData("p521")]
    public void Ecdsa_sha256_signatures_verify_der_and_r_s(string curve)
    {
        using var key = Pem(curve + ".pub");
        var der = Vector(curve + "-sha256.sig");

        Assert.True(SignatureVerifier.Verify(key, Payload, der, SignatureScheme.Cosign).IsValid);
        var raw = global::SignPath.Docker.Build.Pkcs11.EcdsaSignatureEncoding.DerToRaw(der, key.FieldSizeBytes);
        Assert.True(SignatureVerifier.Verify(key, Payload, raw, SignatureScheme.Cosign).IsValid);
    }

    [Theory]
    [InlineData("p256-sha384.sig", "p256.pub")]
    [InlineData("p384-sha384.sig", "p384.pub")]
    [InlineData("p521-sha384.sig", "p521.pub")]
    [InlineData("rsa2048-sha384-pkcs1.sig", "rsa2048.pub")]
    public void A_sha384_signature_where_sha256_is_expected_is_a_hash_algorithm_mismatch(string signature, string publicKey)
    {
        using var key = Pem(publicKey);

        var check = SignatureVerifier.Verify(key, Payload, Vector(signature), SignatureScheme.Cosign);

        Assert.Equal(SignatureFailure.HashAlgorithmMismatch, check.Failure);
        Assert.Equal(ErrorCodes.SignatureHashAlgorithmMismatch, check.ErrorCode);
        Assert.Contains("SHA384 where SHA256 is expected", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rsa_pkcs1_verifies_for_cosign_and_pss_is_refused_for_its_padding()
    {
        using var key = Pem("rsa2048.pub");

        Assert.True(SignatureVerifier.Verify(key, Payload, Vector("rsa2048-sha256-pkcs1.sig"), SignatureScheme.Cosign).IsValid);
        var pss = SignatureVerifier.Verify(key, Payload, Vector("rsa2048-sha256-pss.sig"), SignatureScheme.Cosign);
        Assert.Equal(SignatureFailure.RsaPaddingMismatch, pss.Failure);
        Assert.Equal(ErrorCodes.SignatureRsaPaddingMismatch, pss.ErrorCode);
        Assert.True(SignatureVerifier.Verify(key, Payload, Vector("rsa2048-sha256-pss.sig"), new SignatureScheme(HashAlgorithmName.SHA256, RsaPaddings.Pss)).IsValid);
    }

    [Fact]
    public void A_signature_by_another_key_is_refused_as_such()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = VerificationKey.FromPem(other.ExportSubjectPublicKeyInfoPem(), "test");

        var check = SignatureVerifier.Verify(key, Payload, Vector("p256-sha256.sig"), SignatureScheme.Cosign);

        Assert.Equal(SignatureFailure.WrongKey, check.Failure);
        Assert.Equal(ErrorCodes.SignatureVerificationFailed, check.ErrorCode);
    }

    [Fact]
    public void A_signature_over_other_bytes_does_not_verify()
    {
        using var key = Pem("p256.pub");

        Assert.Equal(SignatureFailure.WrongKey, SignatureVerifier.Verify(key, [.. Payload, 0], Vector("p256-sha256.sig"), SignatureScheme.Cosign).Failure);
    }

    [Theory]
    [InlineData("p256.pub", 100)]
    [InlineData("p256.pub", 3)]
    [InlineData("rsa2048.pub", 100)]
    [InlineData("rsa2048.pub", 255)]
    public void Random_bytes_are_not_a_signature(string publicKey, int length)
    {
        using var key = Pem(publicKey);
        var garbage = new byte[length];
        new Random(length).NextBytes(garbage);
        garbage[0] = 0x01; // never a DER SEQUENCE

        var check = SignatureVerifier.Verify(key, Payload, garbage, SignatureScheme.Cosign);

        Assert.Equal(SignatureFailure.Malformed, check.Failure);
        Assert.Equal(ErrorCodes.SignatureMalformed, check.ErrorCode);
    }

    [Fact]
    public void An_rsa_signature_for_an_ecdsa_key_and_the_reverse_are_key_type_mismatches()
    {
        using var ecdsa = Pem("p256.pub");
        using var rsa = Pem("rsa2048.pub");

        Assert.Equal(SignatureFailure.KeyTypeMismatch, SignatureVerifier.Verify(ecdsa, Payload, Vector("rsa2048-sha256-pkcs1.sig"), SignatureScheme.Cosign).Failure);
        Assert.Equal(SignatureFailure.KeyTypeMismatch, SignatureVerifier.Verify(rsa, Payload, Vector("p256-sha256.sig"), SignatureScheme.Cosign).Failure);
    }

    [Fact]
    public void The_key_is_read_from_a_certificate_a_pkcs1_rsa_key_and_an_ec_point()
    {
        using var fromCertificate = VerificationKey.FromCertificate(Vector("p256.cer"), "certificate");
        using var fromPem = Pem("p256.pub");
        using var fromPkcs1 = VerificationKey.FromRsaPublicKey(Vector("rsa2048.pkcs1.der"), "pkcs1");
        using var ec = ECDsa.Create();
        ec.ImportFromPem(File.ReadAllText(VectorPath("p256.pub")));
        var q = ec.ExportParameters(false).Q;
        using var fromPoint = VerificationKey.FromEcPoint([0x04, .. q.X!, .. q.Y!], "point");

        Assert.Equal(fromPem.ExportPem(), fromCertificate.ExportPem());
        Assert.Equal(fromPem.ExportPem(), fromPoint.ExportPem());
        Assert.Equal("ECDSA P-256", fromCertificate.Description);
        Assert.Equal("RSA 2048-bit", fromPkcs1.Description);
        Assert.True(SignatureVerifier.Verify(fromPkcs1, Payload, Vector("rsa2048-sha256-pkcs1.sig"), SignatureScheme.Cosign).IsValid);
    }

    [Fact]
    public void Refusals_throw_the_code_of_their_cause_and_say_nothing_was_pushed()
    {
        using var key = Pem("p256.pub");
        var check = SignatureVerifier.Verify(key, Payload, Vector("p256-sha384.sig"), SignatureScheme.Cosign);

        var error = Assert.Throws<SignPathDockerException>(() => check.ThrowIfInvalid("The signature of x", key, SignatureScheme.Cosign));

        Assert.Equal(ErrorCodes.SignatureHashAlgorithmMismatch, error.Code);
        Assert.Contains("Nothing was pushed", error.Message, StringComparison.Ordinal);
        Assert.Contains("hash-algorithm=\"sha256\"", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_curves_are_refused_when_the_key_is_read()
    {
        using var secp256k1 = ECDsa.Create(ECCurve.CreateFromFriendlyName("secP256k1"));

        Assert.ThrowsAny<CryptographicException>(() => VerificationKey.FromPem(secp256k1.ExportSubjectPublicKeyInfoPem(), "test"));
    }

    private static VerificationKey Pem(string name) => VerificationKey.FromPem(File.ReadAllText(VectorPath(name)), name);

    private static byte[] Vector(string name) => File.ReadAllBytes(VectorPath(name));

    private static string VectorPath(string name) => Path.Combine(AppContext.BaseDirectory, "Vectors", "Signatures", name);
}
