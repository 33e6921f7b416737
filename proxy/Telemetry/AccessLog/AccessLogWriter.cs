using System.Threading.Channels;

namespace GatewayMesh.Proxy.Telemetry.AccessLog;

/// <summary>
/// Hands access-log lines to one background writer through a bounded channel, so a request never waits for stdout:
/// when the channel is full (the output cannot keep up) the line is dropped and counted in <see cref="DroppedLines"/>.
/// The writer drains whatever is queued, then flushes once, so a burst costs one flush.
/// </summary>
public sealed class AccessLogWriter : IAsyncDisposable
{
    public const int DefaultCapacity = 8192;

    private readonly Channel<string> _lines;
    private readonly TextWriter _output;
    private readonly Task _writer;
    private long _dropped;
    private long _written;

    public AccessLogWriter(TextWriter output, int capacity = DefaultCapacity)
    {
        _output = output;
        _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite, "full" means refused: the caller counts the drop
            SingleReader = true,
        });
        _writer = Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public long DroppedLines => Volatile.Read(ref _dropped);

    public long WrittenLines => Volatile.Read(ref _written);

    /// <summary>Queues one line (without its newline); false, and counted as dropped, when the queue is full.</summary>
    public bool TryWrite(string line)
    {
        if (_lines.Writer.TryWrite(line))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Stops taking lines and waits (up to 5 s) for the queued ones to be written.</summary>
    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _writer.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            try
            {
                while (reader.TryRead(out var line))
                {
                    _output.Write(line);
                    _output.Write('\n');
                    Interlocked.Increment(ref _written);
                }

                _output.Flush();
            }
            catch (IOException)
            {
                // stdout closed (the supervisor went away): keep draining so requests never block
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
