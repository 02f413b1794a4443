using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.SignPath;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.SignPath;

[Collection(SharedLocalSigner.Name)]
public sealed class SignPathClientAgainstLocalSignerTests : IAsyncLifetime
{
    private readonly LocalSignerFixture _fixture;

    public SignPathClientAgainstLocalSignerTests(LocalSignerFixture fixture)
    {
        _fixture = fixture;
    }

    private LocalSignerProcess Signer => _fixture.Signer;

    public Task InitializeAsync() => _fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SignsAPayloadThatOpenSslVerifiesWithTheCosignPublicKey()
    {
        using var client = new SignPathClient(Signer.CreateClientOptions());
        using var signed = new MemoryStream();

        var request = await client.SignAsync(Submission(), signed, CancellationToken.None);

        var files = CosignTestArtifacts.Unzip(signed);
        Assert.Equal(["payload.json", "payload.json.sig"], files.Keys.Order());
        Assert.Equal(CosignTestArtifacts.Payload, files["payload.json"]);
        var (verified, output) = await CosignTestArtifacts.OpenSslVerifyAsync(Signer.CosignPublicKeyPath, files["payload.json"], files["payload.json.sig"]);
        Assert.True(verified, output);

        var received = Assert.Single(await Signer.GetRequestsAsync());
        Assert.Equal(request.Id.ToString("D"), received.GetProperty("id").GetString());
        Assert.Equal("cosign", received.GetProperty("artifactConfigurationSlug").GetString());
        Assert.Equal("127.0.0.1:5000/app", received.GetProperty("parameters").GetProperty("image").GetString());
        Assert.Equal("payload.json", Assert.Single(received.GetProperty("fileNames").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task BadSignatureFaultProducesASignatureOpenSslRejects()
    {
        await Signer.InjectFaultAsync(new { kind = "bad-signature" });
        using var client = new SignPathClient(Signer.CreateClientOptions());
        using var signed = new MemoryStream();

        await client.SignAsync(Submission(), signed, CancellationToken.None);

        var files = CosignTestArtifacts.Unzip(signed);
        var (verified, _) = await CosignTestArtifacts.OpenSslVerifyAsync(Signer.CosignPublicKeyPath, files["payload.json"], files["payload.json.sig"]);
        Assert.False(verified);
    }

    [Fact]
    public async Task WrongTokenIsSignPathUnauthorized()
    {
        using var client = new SignPathClient(Signer.CreateClientOptions(apiToken: "not-the-token"));

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SubmitAsync(Submission(), CancellationToken.None));

        Assert.Equal(ErrorCodes.SignPathUnauthorized, error.Code);
        Assert.Empty(await Signer.GetRequestsAsync());
    }

    [Fact]
    public async Task UnknownSlugIsSignPathRequestFailedWithTheServerMessage()
    {
        using var client = new SignPathClient(Signer.CreateClientOptions());
        var submission = Submission(policy: "no-such-policy");

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SubmitAsync(submission, CancellationToken.None));

        Assert.Equal(ErrorCodes.SignPathRequestFailed, error.Code);
        Assert.Contains("no-such-policy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArtifactThatIsNotAZipFailsTheSigningRequest()
    {
        using var client = new SignPathClient(Signer.CreateClientOptions());
        using var signed = new MemoryStream();
        var submission = Submission(artifact: new MemoryStream("not a zip"u8.ToArray()));

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SignAsync(submission, signed, CancellationToken.None));

        Assert.Equal(ErrorCodes.SigningFailed, error.Code);
    }

    [Theory]
    [InlineData("traversal")]
    [InlineData("absolute")]
    [InlineData("too-many-entries")]
    [InlineData("entry-too-large")]
    public async Task UnsafeZipsFailTheSigningRequest(string kind)
    {
        using var client = new SignPathClient(Signer.CreateClientOptions());
        using var signed = new MemoryStream();
        var artifact = kind switch
        {
            "traversal" => CosignTestArtifacts.Zip("../payload.json"),
            "absolute" => CosignTestArtifacts.Zip("/etc/payload.json"),
            "entry-too-large" => CosignTestArtifacts.Zip(content: new byte[(1024 * 1024) + 1]),
            _ => ManyEntries(1001),
        };

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SignAsync(Submission(artifact: artifact), signed, CancellationToken.None));

        Assert.Equal(ErrorCodes.SigningFailed, error.Code);
    }

    [Fact]
    public async Task DeniedRequestIsSigningDenied()
    {
        await Signer.InjectFaultAsync(new { kind = "deny" });
        using var client = new SignPathClient(Signer.CreateClientOptions());
        using var signed = new MemoryStream();

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SignAsync(Submission(), signed, CancellationToken.None));

        Assert.Equal(ErrorCodes.SigningDenied, error.Code);
        Assert.Equal(0, signed.Length);
    }

    [Fact]
    public async Task ServiceUnavailableWithRetryAfterIsRetriedAndSucceedsWithOneSigningRequest()
    {
        await Signer.InjectFaultAsync(new { kind = "http-status", status = 503, retryAfterSeconds = 1, count = 1, method = "POST", path = "/SigningRequests" });
        await Signer.InjectFaultAsync(new { kind = "http-status", status = 503, retryAfterSeconds = 1, count = 2, method = "GET", path = "/SigningRequests" });
        var log = new CollectingProgressLog();
        using var client = new SignPathClient(Signer.CreateClientOptions(), log);
        using var signed = new MemoryStream();

        await client.SignAsync(Submission(), signed, CancellationToken.None);

        Assert.Contains("payload.json.sig", CosignTestArtifacts.Unzip(signed).Keys);
        Assert.Single(await Signer.GetRequestsAsync());
        Assert.Equal(3, log.Lines.Count(line => line.Contains("answered 503", StringComparison.Ordinal) && line.Contains("next try in", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task NeverCompletingRequestIsSigningTimedOut()
    {
        await Signer.InjectFaultAsync(new { kind = "never-complete" });
        using var client = new SignPathClient(Signer.CreateClientOptions(waitForCompletionTimeout: TimeSpan.FromSeconds(1)));
        using var signed = new MemoryStream();

        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SignAsync(Submission(), signed, CancellationToken.None));

        Assert.Equal(ErrorCodes.SigningTimedOut, error.Code);
        Assert.Contains("SignPathWaitForCompletionTimeout", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellationStopsWaiting()
    {
        await Signer.InjectFaultAsync(new { kind = "never-complete" });
        using var client = new SignPathClient(Signer.CreateClientOptions(waitForCompletionTimeout: TimeSpan.FromHours(1), pollInterval: TimeSpan.FromHours(1)));
        var request = await client.SubmitAsync(Submission(), CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        var waiting = client.WaitForCompletionAsync(request, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task TokenAppearsInNoErrorNorInTheSignerLog()
    {
        using var client = new SignPathClient(Signer.CreateClientOptions());
        var error = await Assert.ThrowsAsync<SignPathDockerException>(() => client.SubmitAsync(Submission(project: "nope"), CancellationToken.None));

        Assert.DoesNotContain(Signer.ApiToken, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Signer.ApiToken, Signer.ReadLog(), StringComparison.Ordinal);
    }

    private static MemoryStream ManyEntries(int count)
    {
        var stream = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
            {
                using var entry = archive.CreateEntry($"file{i}.json").Open();
                entry.WriteByte((byte)'x');
            }
        }

        stream.Position = 0;
        return stream;
    }

    private SigningRequestSubmission Submission(string? project = null, string? policy = null, Stream? artifact = null) => new()
    {
        ProjectSlug = project ?? Signer.ProjectSlug,
        SigningPolicySlug = policy ?? Signer.SigningPolicySlug,
        ArtifactConfigurationSlug = Signer.CosignArtifactConfigurationSlug,
        Description = "integration test",
        Artifact = artifact ?? CosignTestArtifacts.Zip(),
        ArtifactFileName = "payload.json.zip",
        Parameters = new Dictionary<string, string> { ["image"] = "127.0.0.1:5000/app" },
    };
}
