using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Signer;
using SignPath.Docker.Build.Signing;

// The protocol (SignerProtocol): "ready", then one line of ContainerSigningInputs on stdin, then events until
// exactly one of: the signed images, "done" and exit 0; "error" and exit 1; "canceled" and exit 2. Secrets come from
// the environment only. Closing stdin, "cancel" on stdin, SIGINT and SIGTERM all cancel: the flows stop at
// a point where nothing is half-written.
var log = new JsonLinesProgressLog(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)));
log.Write(new SignerEvent(SignerEvent.Ready));

// Not Console.In: that sets up the terminal, which a pipe does not need.
using var standardInput = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
var input = standardInput.ReadLine();
if (string.IsNullOrWhiteSpace(input))
{
    return 2;
}

using var cancellation = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
_ = Task.Run(() =>
{
    // Anything but "cancel" is ignored; the end of stdin means the build is gone.
    while (standardInput.ReadLine() is { } line && line.Trim() != SignerEvent.CancelCommand)
    {
    }

    cancellation.Cancel();
});

try
{
    var inputs = SignerProtocol.ReadInputs(input);
    foreach (var signed in (await ContainerImageSigner.SignAsync(inputs, log, cancellation.Token)).Images)
    {
        log.Write(new SignerEvent(SignerEvent.SignedImage, Image: signed));
    }

    log.Write(new SignerEvent(SignerEvent.Done));

    return 0;
}
catch (SignPathDockerException e)
{
    log.Write(new SignerEvent(SignerEvent.Error, e.Message, e.Code, e.Hint));
    return 1;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    log.Write(new SignerEvent(SignerEvent.Canceled));
    return 2;
}
catch (Exception e) when (UnexpectedFailure.Is(e) || e is JsonException)
{
    log.Detail(e.ToString());
    var failure = UnexpectedFailure.Describe("SignContainerImage", e);
    log.Write(new SignerEvent(SignerEvent.Error, failure.Message, failure.Code, failure.Hint));
    return 1;
}

void Cancel(PosixSignalContext context)
{
    // The build decides when to stop; this process stops at the next safe point and says so.
    context.Cancel = true;
    cancellation.Cancel();
}
