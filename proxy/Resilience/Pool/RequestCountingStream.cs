namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>
/// One upstream HTTP/1.x connection that counts the requests written on it. HTTP/1.1 sends one request at a time, and
/// the first write of each request holds its whole header block (SocketsHttpHandler buffers the headers and flushes
/// them before any body). So the first write by a new <see cref="RequestsPerConnection.RequestMark"/> starts a request;
/// from the limit on, that write gets <c>Connection: close</c> before the blank line that ends the headers.
/// Everything else passes through untouched.
/// </summary>
internal sealed class RequestCountingStream(Stream inner, int limit) : Stream
{
    private static ReadOnlySpan<byte> EndOfHeaders => "\r\n\r\n"u8;

    private static readonly byte[] s_connectionClose = "Connection: close\r\n"u8.ToArray();

    private RequestsPerConnection.RequestMark? _current;

    /// <summary>Requests started on this connection.</summary>
    public int Requests { get; private set; }

    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var split = SplitForClose(buffer.Span);
        if (split < 0)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        await inner.WriteAsync(buffer[..split], cancellationToken).ConfigureAwait(false);
        await inner.WriteAsync(s_connectionClose, cancellationToken).ConfigureAwait(false);
        await inner.WriteAsync(buffer[split..], cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var split = SplitForClose(buffer);
        if (split < 0)
        {
            inner.Write(buffer);
            return;
        }

        inner.Write(buffer[..split]);
        inner.Write(s_connectionClose);
        inner.Write(buffer[split..]);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Where <c>Connection: close</c> goes in this write (after the last header line), or -1: the write does not start a
    /// request, or the connection has carried fewer than <c>limit - 1</c> requests before it.
    /// </summary>
    private int SplitForClose(ReadOnlySpan<byte> buffer)
    {
        var sending = RequestsPerConnection.Sending;
        if (sending is null || ReferenceEquals(sending, _current))
        {
            return -1;
        }

        _current = sending;
        Requests++;
        if (Requests < limit)
        {
            return -1;
        }

        var end = buffer.IndexOf(EndOfHeaders);
        return end < 0 ? -1 : end + 2;
    }
}
