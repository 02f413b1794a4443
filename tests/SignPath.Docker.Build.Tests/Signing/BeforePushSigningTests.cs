using SignPath.Docker.Build.Crypto;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notation;
using SignPath.Docker.Build.Oci;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.Tests.Oci;
using SignPath.Docker.LocalSigner.Faults;
using SignPath.Docker.LocalSigner.Processing;

namespace SignPath.Docker.Build.Tests.Signing;

/// <summary>
/// Strip → the local signing service's OCI layout configuration (in process) → check → verify, with every fault the
/// service can inject: the package accepts the honest result and refuses each of the others with its SPD code.
/// </summary>
public sealed class BeforePushSigningTests : IDisposable
{
    private readonly TestImages images = new();
    private readonly string keys = Directory.CreateTempSubdirectory("local-signer-keys-").FullName;

    [Theory]
    [InlineData("oci-layout", true, true)]
    [InlineData("oci-layout-notation", true, false)]
    [InlineData("oci-layout-cosign", false, true)]
    [InlineData("oci-layout-cose", true, true)]
    [InlineData("oci-layout-notation-cose", true, false)]
    [InlineData("oci-layout-cosign-legacy", false, true)]
    [InlineData("oci-layout-notation-cosign-legacy", true, true)]
    public async Task Signed_layouts_from_the_local_service_pass_the_check_and_verify(string slug, bool notation, bool cosign)
    {
        var (sent, signedTar) = await SignAsync(slug, notation, cosign, fault: null);

        var signed = await SignedLayoutCheck.CheckAsync(sent, signedTar);
        using var verifier = await VerifierAsync();
        verifier.Verifier.Verify(signed, notation, cosign);

        Assert.Equal((notation ? 2 : 0) + (cosign ? 2 : 0), signed.Signatures.Count);
        Assert.All(signed.Signatures, s => Assert.True(sent.IsImage(s.Subject.Digest)));
        var envelopeType = slug.EndsWith("-cose", StringComparison.Ordinal) ? OciMediaTypes.CoseEnvelope : OciMediaTypes.JwsEnvelope;
        Assert.All(signed.Signatures.Where(s => s.Kind == SignatureArtifactKind.Notation), s => Assert.Equal(envelopeType, s.Manifest.Layers[0].MediaType));
        var cosignKind = slug.EndsWith("-cosign-legacy", StringComparison.Ordinal) ? SignatureArtifactKind.CosignLegacy : SignatureArtifactKind.CosignBundle;
        Assert.Equal(cosign ? 2 : 0, signed.Signatures.Count(s => s.Kind == cosignKind));
    }

    [Fact]
    public async Task A_layout_with_both_JWS_and_COSE_notation_signatures_verifies()
    {
        var (sent, jwsSigned) = await SignAsync("oci-layout-notation", true, false, fault: null);
        var both = await ProcessAsync(await ProcessorAsync("oci-layout-notation-cose", true, false), jwsSigned, fault: null);

        var signed = await SignedLayoutCheck.CheckAsync(sent, both);
        using var verifier = await VerifierAsync();
        verifier.Verifier.Verify(signed, requireNotation: true, requireCosign: false);

        var types = signed.Signatures.Select(s => s.Manifest.Layers[0].MediaType).ToList();
        Assert.Equal(2, types.Count(t => t == OciMediaTypes.JwsEnvelope));
        Assert.Equal(2, types.Count(t => t == OciMediaTypes.CoseEnvelope));
    }

    [Fact]
    public async Task A_COSE_notation_signature_by_a_wrong_key_is_refused()
    {
        var (sent, signedTar) = await SignAsync("oci-layout-notation-cose", true, false, FaultKinds.LayoutWrongKey);
        using var verifier = await VerifierAsync();

        var error = await Assert.ThrowsAsync<SignPathDockerException>(async () =>
            verifier.Verifier.Verify(await SignedLayoutCheck.CheckAsync(sent, signedTar), requireNotation: true, requireCosign: false));

        Assert.Equal(ErrorCodes.NotationSignatureInvalid, error.Code);
    }

    [Theory]
    [InlineData(FaultKinds.LayoutTampered, ErrorCodes.SignedLayoutRefused)]
    [InlineData(FaultKinds.LayoutExtra, ErrorCodes.SignedLayoutRefused)]
    [InlineData(FaultKinds.LayoutMissing, ErrorCodes.SignatureMissing)]
    [InlineData(FaultKinds.LayoutUnsigned, ErrorCodes.SignatureMissing)]
    [InlineData(FaultKinds.LayoutWrongKey, ErrorCodes.NotationSignatureInvalid + "|" + ErrorCodes.CosignBundleInvalid)]
    public async Task Every_fault_of_the_signing_service_is_refused(string fault, string code)
    {
        var (sent, signedTar) = await SignAsync("oci-layout", true, true, fault);
        using var verifier = await VerifierAsync();

        var error = await Assert.ThrowsAsync<SignPathDockerException>(async () =>
            verifier.Verifier.Verify(await SignedLayoutCheck.CheckAsync(sent, signedTar), requireNotation: true, requireCosign: true));

        Assert.Contains(error.Code, code.Split('|'));
    }

    [Fact]
    public async Task A_wrong_cosign_key_is_refused_when_only_cosign_is_requested()
    {
        var (sent, signedTar) = await SignAsync("oci-layout-cosign", false, true, FaultKinds.LayoutWrongKey);
        using var verifier = await VerifierAsync();

        var error = await Assert.ThrowsAsync<SignPathDockerException>(async () =>
            verifier.Verifier.Verify(await SignedLayoutCheck.CheckAsync(sent, signedTar), requireNotation: false, requireCosign: true));

        Assert.Equal(ErrorCodes.CosignBundleInvalid, error.Code);
    }

    [Fact]
    public async Task The_service_refuses_a_request_without_the_tag_parameter()
    {
        var (path, _) = images.Write("hello", 100, "1.0");
        using var layout = OciLayoutArchive.Open(path);
        var sent = await StrippedLayout.CreateAsync([layout]);
        var processor = await ProcessorAsync("oci-layout", true, true);

        var outcome = await processor.ProcessAsync(
            new ArtifactProcessingContext { UnsignedArtifact = new MemoryStream(sent.Tar), ArtifactFileName = "layout.tar", Parameters = new Dictionary<string, string>() },
            new MemoryStream(),
            CancellationToken.None);

        Assert.Equal(ArtifactProcessingResult.Failed, outcome.Result);
    }

    public void Dispose()
    {
        images.Dispose();
        Directory.Delete(keys, recursive: true);
    }

    private async Task<(StrippedLayout Sent, byte[] Signed)> SignAsync(string slug, bool notation, bool cosign, string? fault)
    {
        var (a, _) = images.Write("app/api", 1000, "1.0", "latest");
        var (b, _) = images.Write("app/worker", 1000, "1.0");
        using var layoutA = OciLayoutArchive.Open(a);
        using var layoutB = OciLayoutArchive.Open(b);
        var sent = await StrippedLayout.CreateAsync([layoutA, layoutB]);
        return (sent, await ProcessAsync(await ProcessorAsync(slug, notation, cosign), sent.Tar, fault));
    }

    private static async Task<byte[]> ProcessAsync(OciLayoutProcessor processor, byte[] tar, string? fault)
    {
        using var output = new MemoryStream();
        var outcome = await processor.ProcessAsync(
            new ArtifactProcessingContext
            {
                UnsignedArtifact = new MemoryStream(tar),
                ArtifactFileName = "layout.tar",
                Parameters = new Dictionary<string, string> { ["tag"] = "1.0" },
                LayoutFault = fault,
            },
            output,
            CancellationToken.None);
        Assert.Equal(ArtifactProcessingResult.Completed, outcome.Result);
        return output.ToArray();
    }

    private async Task<OciLayoutProcessor> ProcessorAsync(string slug, bool notation, bool cosign)
    {
        var cosignKey = await CosignSigningKey.LoadOrCreateAsync(Path.Combine(keys, "cosign.key"), CancellationToken.None);
        var chain = await NotationSigningChain.LoadOrCreateAsync(Path.Combine(keys, "notation"), TimeProvider.System, CancellationToken.None);
        var cosignFormat = !cosign ? CosignLayoutFormat.None
            : slug.EndsWith("-cosign-legacy", StringComparison.Ordinal) ? CosignLayoutFormat.LegacySignatureTag
            : CosignLayoutFormat.Bundle;
        return new OciLayoutProcessor(slug, notation, cosignFormat, chain, cosignKey, TimeProvider.System, notationCose: slug.EndsWith("-cose", StringComparison.Ordinal));
    }

    private async Task<VerifierHandle> VerifierAsync()
    {
        await ProcessorAsync("oci-layout", true, true);
        var root = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(keys, "notation", NotationSigningChain.RootFileName)));
        var key = VerificationKey.FromPem(await File.ReadAllTextAsync(Path.Combine(keys, "cosign.pub")), "cosign.pub");
        return new VerifierHandle(new SignedLayoutVerifier(new NotationSignatureVerifier([root]), key), key);
    }

    private sealed record VerifierHandle(SignedLayoutVerifier Verifier, VerificationKey Key) : IDisposable
    {
        public void Dispose() => Key.Dispose();
    }
}
