using System.IO.Pipelines;
using System.Net.Sockets;

namespace GatewayMesh.Proxy.Protocols;

/// <summary>
/// Copies bytes both ways between an accepted connection and an upstream socket until both sides have finished, or
/// until nothing has moved in either direction for the idle timeout (the timer restarts on every read). The client
/// finishing sending half-closes the upstream (so a request/response protocol still gets its answer); the upstream
/// finishing closes the tunnel. Never throws for network failures: a tunnel simply ends. The bytes are counted each way
/// (two fields, no allocation) and reported to an optional <see cref="ITcpStreamObserver"/> as they move; its
/// <see cref="ITcpStreamObserver.Closed"/> runs before <see cref="RunAsync"/> returns, so before the client's connection closes.
/// </summary>
public sealed class TcpRelay
{
    private const int BufferSize = 16 * 1024;
    private readonly IDuplexPipe _client;
    private readonly Socket _upstream;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationTokenSource _idle;
    private readonly CancellationToken _stopped;
    private readonly ITcpStreamObserver? _observer;
    private long _received;
    private long _sent;
    private volatile bool _upstreamDone;
    private volatile bool _timedOut;

    private TcpRelay(IDuplexPipe client, Socket upstream, TimeSpan idleTimeout, TimeProvider time, ITcpStreamObserver? observer, CancellationToken stopped)
    {
        _observer = observer;
        _client = client;
        _upstream = upstream;
        _idleTimeout = idleTimeout;
        _idle = new CancellationTokenSource(idleTimeout, time);
        _stopped = stopped;
    }

    /// <summary>True when the relay ended because it was idle for the whole timeout.</summary>
    public bool TimedOut => _timedOut;

    /// <summary>Bytes the client sent that were passed on to the upstream.</summary>
    public long ReceivedBytes => Interlocked.Read(ref _received);

    /// <summary>Bytes of the upstream's that were written to the client.</summary>
    public long SentBytes => Interlocked.Read(ref _sent);

    /// <summary>
    /// Relays until done; <paramref name="cancellationToken"/> (e.g. the connection closing) ends it early.
    /// <paramref name="observer"/> (optional) is told the bytes each way as they move and, at the end, that the stream closed.
    /// </summary>
    public static async Task<TcpRelay> RunAsync(
        IDuplexPipe client, Socket upstream, TimeSpan idleTimeout, TimeProvider time, ITcpStreamObserver? observer, CancellationToken cancellationToken)
    {
        var relay = new TcpRelay(client, upstream, idleTimeout, time, observer, cancellationToken);
        try
        {
            using (relay._idle)
            using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), relay._idle))
            {
                var toUpstream = relay.ClientToUpstreamAsync();
                await relay.UpstreamToClientAsync();
                relay._upstreamDone = true;
                await relay._idle.CancelAsync(); // the upstream is done: stop reading the client too
                await toUpstream;
            }
        }
        finally
        {
            observer?.Closed();
        }

        return relay;
    }

    private async Task ClientToUpstreamAsync()
    {
        var input = _client.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_idle.Token);
                Touch();
                foreach (var segment in result.Buffer)
                {
                    await _upstream.SendAsync(segment, SocketFlags.None, _idle.Token);
                    Interlocked.Add(ref _received, segment.Length);
                    _observer?.Received(segment.Length);
                }

                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    _upstream.Shutdown(SocketShutdown.Send);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            NoteCancellation();
        }
    }

    private async Task UpstreamToClientAsync()
    {
        var output = _client.Output;
        try
        {
            while (true)
            {
                var memory = output.GetMemory(BufferSize);
                var read = await _upstream.ReceiveAsync(memory, SocketFlags.None, _idle.Token);
                if (read == 0)
                {
                    return;
                }

                Touch();
                output.Advance(read);
                var flushed = await output.FlushAsync(_idle.Token);
                Interlocked.Add(ref _sent, read);
                _observer?.Sent(read);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            NoteCancellation();
        }
    }

    private void Touch()
    {
        try
        {
            _idle.CancelAfter(_idleTimeout);
        }
        catch (ObjectDisposedException)
        {
            // the relay is over
        }
    }

    private void NoteCancellation()
    {
        if (_idle.IsCancellationRequested && !_upstreamDone && !_stopped.IsCancellationRequested)
        {
            _timedOut = true;
        }
    }
}
