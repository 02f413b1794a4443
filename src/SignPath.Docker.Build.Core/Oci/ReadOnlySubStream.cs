namespace SignPath.Docker.Build.Oci;

/// <summary>A read-only, seekable window [offset, offset + length) of a seekable stream: one blob inside a tar.</summary>
internal sealed class ReadOnlySubStream : Stream
{
    private readonly Stream inner;
    private readonly long offset;
    private readonly long length;
    private long position;

    public ReadOnlySubStream(Stream inner, long offset, long length)
    {
        this.inner = inner;
        this.offset = offset;
        this.length = length;
        inner.Seek(offset, SeekOrigin.Begin);
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Remaining(buffer.Length);
        if (count == 0)
        {
            return 0;
        }

        var read = inner.Read(buffer[..count]);
        position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = Remaining(buffer.Length);
        if (count == 0)
        {
            return 0;
        }

        var read = await inner.ReadAsync(buffer[..count], cancellationToken);
        position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        position = target;
        inner.Seek(this.offset + Math.Min(target, length), SeekOrigin.Begin);
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Remaining(int requested) => (int)Math.Min(requested, Math.Max(0, length - position));
}
