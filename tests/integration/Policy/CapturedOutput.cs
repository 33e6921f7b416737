using System.Text;

namespace GatewayMesh.IntegrationTests.Policy;

/// <summary>A write-only stream standing in for a proxy's stdout: keeps what is written and completes <see cref="NextLineAsync"/> per line.</summary>
internal sealed class CapturedOutput : Stream
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _pending = new();
    private readonly Queue<string> _lines = new();
    private TaskCompletionSource? _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            _pending.Append(Encoding.UTF8.GetString(buffer, offset, count));
            var text = _pending.ToString();
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            while (newline >= 0)
            {
                _lines.Enqueue(text[..newline]);
                text = text[(newline + 1)..];
                newline = text.IndexOf('\n', StringComparison.Ordinal);
            }

            _pending.Clear().Append(text);
            _written?.TrySetResult();
        }
    }

    /// <summary>The next complete line, waiting for it up to <paramref name="timeout"/>.</summary>
    public async Task<string> NextLineAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task written;
            lock (_gate)
            {
                if (_lines.TryDequeue(out var line))
                {
                    return line;
                }

                _written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                written = _written.Task;
            }

            await written.WaitAsync(deadline.Token);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
