using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signing;
using SignPath.Docker.Build.Tests.Fakes;

namespace SignPath.Docker.Build.Tests.Signing;

/// <summary>
/// The task's side of the native signer protocol, against scripts that play the signer (real processes, real pipes):
/// what it logs and returns, when it falls back to signing in-process, how it cancels, where secrets go.
/// The real signer is exercised by every integration test that publishes through the package.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NativeSignerTests : IDisposable
{
    private const string Ready = """{"kind":"ready"}""";
    private const string Done = """{"kind":"done"}""";
    private const string SignedLine = """{"kind":"signed","image":{"identity":"localhost:5000/app@sha256:ab","metadata":{"Format":"cosign","Tags":"1.0"}}}""";
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("spd-native-signer-");
    private readonly RecordingProgressLog log = new();

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void Events_become_log_lines_and_signed_images()
    {
        var signer = Script($$$"""
            echo '{{{Ready}}}'
            read -r inputs
            echo '{"kind":"info","message":"Submitted SignPath signing request"}'
            echo '{"kind":"warning","code":"SPD5012","message":"trusted on first use"}'
            echo '{"kind":"detail","message":"Registry: 7 requests"}'
            echo '{{{SignedLine}}}'
            echo '{{{Done}}}'
            """);

        var signed = Sign(signer, Inputs(), log, CancellationToken.None);

        var image = Assert.Single(signed!);
        Assert.Equal("localhost:5000/app@sha256:ab", image.Identity);
        Assert.Equal("cosign", image.Metadata["Format"]);
        Assert.Contains("info: Submitted SignPath signing request", log.Lines);
        Assert.Contains("warning SPD5012: trusted on first use", log.Lines);
        Assert.Contains("detail: Registry: 7 requests", log.Lines);
    }

    [Fact]
    public void An_error_event_is_the_signers_error_with_its_code_and_hint()
    {
        var signer = Script($$$"""
            echo '{{{Ready}}}'
            read -r inputs
            echo '{"kind":"error","code":"SPD5010","message":"signed roles differ","hint":"check the signer"}'
            exit 1
            """);

        var error = Assert.Throws<SignPathDockerException>(() => Sign(signer, Inputs(), log, CancellationToken.None));

        Assert.Equal(ErrorCodes.DelegationUpdateInvalid, error.Code);
        Assert.Equal("signed roles differ", error.Message);
        Assert.Equal("check the signer", error.Hint);
    }

    [Fact]
    public void A_signer_that_does_not_start_leaves_the_signing_to_msbuilds_process()
    {
        var signer = Script("echo 'version GLIBC_2.99 not found' >&2\nexit 1");

        Assert.Null(Sign(signer, Inputs(), log, CancellationToken.None));
        Assert.Contains(log.Lines, line => line.Contains("did not start", StringComparison.Ordinal) && line.Contains("GLIBC_2.99", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signer_file_that_cannot_be_executed_leaves_the_signing_to_msbuilds_process()
    {
        var path = Path.Combine(directory.FullName, "not-a-program");
        await File.WriteAllBytesAsync(path, [0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]);

        Assert.Null(Sign(new NativeSigner(path), Inputs(), log, CancellationToken.None));
        Assert.Contains(log.Lines, line => line.Contains("could not be started", StringComparison.Ordinal));
    }

    [Fact]
    public void A_signer_that_dies_without_a_final_event_is_an_unexpected_error_with_its_stderr()
    {
        var signer = Script($$$"""
            echo '{{{Ready}}}'
            read -r inputs
            echo 'Segmentation fault' >&2
            exit 139
            """);

        var error = Assert.Throws<SignPathDockerException>(() => Sign(signer, Inputs(), log, CancellationToken.None));

        Assert.Equal(ErrorCodes.Unexpected, error.Code);
        Assert.Contains("exit code 139", error.Message, StringComparison.Ordinal);
        Assert.Contains("Segmentation fault", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signer_that_exits_without_saying_done_has_not_signed()
    {
        var signer = Script($$$"""
            echo '{{{Ready}}}'
            read -r inputs
            echo '{{{SignedLine}}}'
            exit 0
            """);

        var error = Assert.Throws<SignPathDockerException>(() => Sign(signer, Inputs(), log, CancellationToken.None));

        Assert.Equal(ErrorCodes.Unexpected, error.Code);
        Assert.Contains("exit code 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Done_returns_the_signed_images_without_waiting_for_the_process_to_exit()
    {
        var alive = Path.Combine(directory.FullName, "alive");
        var release = Path.Combine(directory.FullName, "release");
        var signer = Script($$$"""
            echo '{{{Ready}}}'
            read -r inputs
            touch '{{{alive}}}'
            echo '{{{SignedLine}}}'
            echo '{{{Done}}}'
            for _ in $(seq 1 200); do [ -f '{{{release}}}' ] && break; sleep 0.05; done
            rm '{{{alive}}}'
            """);

        var signed = Sign(signer, Inputs(), log, CancellationToken.None);

        var stillRunning = File.Exists(alive);
        File.WriteAllText(release, string.Empty);
        Assert.Single(signed!);
        Assert.True(stillRunning, "Sign waited for the signer to exit after it said done.");
    }

    [Fact]
    public async Task Cancel_asks_the_signer_to_stop_and_waits_for_it_to_say_so()
    {
        var marker = Path.Combine(directory.FullName, "cancel-received");
        var signer = Script($$$"""
            echo '{{{Ready}}}'
            read -r inputs
            echo '{"kind":"info","message":"Waiting for approval"}'
            read -r command
            echo "$command" > '{{{marker}}}'
            echo '{"kind":"canceled"}'
            exit 2
            """);
        using var cancellation = new CancellationTokenSource();
        var signing = Task.Run(() => Sign(signer, Inputs(), new CancelOnFirstInfo(log, cancellation), cancellation.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => signing);
        Assert.Equal(SignerEvent.CancelCommand, (await File.ReadAllTextAsync(marker)).Trim());
    }

    [Fact]
    public async Task Secrets_reach_the_signer_in_its_environment_and_never_on_stdin()
    {
        var stdin = Path.Combine(directory.FullName, "stdin");
        var environment = Path.Combine(directory.FullName, "environment");
        var signer = Script($$$"""
            echo '{{{Ready}}}'
            read -r inputs
            printf '%s' "$inputs" > '{{{stdin}}}'
            printf '%s\n%s' "$SIGNPATH_API_TOKEN" "$NOTARY_AUTH" > '{{{environment}}}'
            echo '{{{Done}}}'
            """);
        var inputs = Inputs() with { SignPathApiToken = "api-token-4711", NotaryUsername = "ci", NotaryPassword = "notary-password-0815" };

        Sign(signer, inputs, log, CancellationToken.None);

        var sent = await File.ReadAllTextAsync(stdin);
        Assert.DoesNotContain("api-token-4711", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("notary-password-0815", sent, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("ci:notary-password-0815"u8.ToArray()), sent, StringComparison.Ordinal);
        var received = (await File.ReadAllTextAsync(environment)).Split('\n');
        Assert.Equal("api-token-4711", received[0]);
        Assert.Equal(Convert.ToBase64String("ci:notary-password-0815"u8.ToArray()), received[1]);
        Assert.DoesNotContain(log.Lines, line => line.Contains("api-token-4711", StringComparison.Ordinal) || line.Contains("notary-password-0815", StringComparison.Ordinal));
    }

    [Fact]
    public void The_inputs_line_round_trips_without_its_secrets()
    {
        var inputs = Inputs() with
        {
            SignPathApiToken = "api-token-4711",
            NotaryUsername = "ci",
            NotaryPassword = "notary-password-0815",
            CosignAnnotations = new() { ["build"] = "42" },
            NotaryRootCertificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        };

        var line = SignerProtocol.WriteInputs(inputs);
        var read = SignerProtocol.ReadInputs(line);

        Assert.DoesNotContain('\n', line);
        Assert.Null(read.SignPathApiToken);
        Assert.Null(read.NotaryPassword);
        Assert.Null(read.NotaryUsername);
        Assert.Equal(inputs with { SignPathApiToken = null, NotaryUsername = null, NotaryPassword = null, Images = read.Images, CosignAnnotations = read.CosignAnnotations }, read);
        Assert.Equal(inputs.Images, read.Images);
        Assert.Equal("42", read.CosignAnnotations["build"]);
    }

    private static ContainerSigningInputs Inputs() => new()
    {
        Images = [new ImageInput("localhost:5000/app:1.0", "sha256:" + new string('a', 64), "{}", PushedByBuild: true)],
        SignatureFormats = "cosign;notary",
        SignPathOrganizationId = "org",
        SignPathProjectSlug = "containers",
        SignPathSigningPolicySlug = "release-signing",
        NotaryUrl = "https://notary.example.com",
    };

    /// <summary>As SignContainerImage does it: start the signer with the secrets, then hand over the inputs.</summary>
    private static IReadOnlyList<SignedImageOutput>? Sign(NativeSigner signer, ContainerSigningInputs inputs, IProgressLog log, CancellationToken cancellationToken)
    {
        using var started = signer.Start(inputs.SignPathApiToken, inputs.NotaryUsername, inputs.NotaryPassword, log);
        return started?.Sign(inputs, log, cancellationToken);
    }

    private NativeSigner Script(string body)
    {
        var path = Path.Combine(directory.FullName, $"signer-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new NativeSigner(path);
    }

    private sealed class CancelOnFirstInfo(IProgressLog inner, CancellationTokenSource cancellation) : IProgressLog
    {
        public void Info(string message)
        {
            inner.Info(message);
            cancellation.Cancel();
        }

        public void Detail(string message) => inner.Detail(message);

        public void Warning(string code, string message) => inner.Warning(code, message);
    }
}
