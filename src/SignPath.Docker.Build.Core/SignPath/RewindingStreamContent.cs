using System.Net;

namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// Streams the artifact from a caller-owned stream, starting at the same position on every attempt,
/// and leaves the stream open (StreamContent would dispose it with the request).
/// </summary>
internal sealed class RewindingStreamContent : HttpContent
{
    private readonly Stream _stream;
    private readonly long _start;

    public RewindingStreamContent(Stream stream, long start)
    {
        _stream = stream;
        _start = start;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.Position = _start;
        await _stream.CopyToAsync(stream, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _stream.Length - _start;
        return true;
    }
}
