using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GatewayMesh.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP relay on 127.0.0.1:0 in front of a server that can hold a client's bytes on the way: once armed with
/// <see cref="HoldFirst"/>, the first chunk that contains the marker (and everything after it on that connection)
/// waits in the relay until <see cref="Release"/>, in order. A request is thus "on the wire" for as long as a test
/// needs, without pausing the server for anybody else.
/// </summary>
public sealed class HoldingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _target;
    private readonly List<Task> _pumps = [];
    private readonly Task _accepting;
    private byte[]? _marker;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HoldingRelay(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completes when a chunk with the armed marker arrived and is being held.</summary>
    public TaskCompletionSource Held { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Arms the relay: the first client chunk holding <paramref name="marker"/> (ASCII) is held.</summary>
    public void HoldFirst(string marker)
    {
        Held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _marker, Encoding.ASCII.GetBytes(marker));
    }

    /// <summary>Sends the held chunk, and what queued behind it, on to the server.</summary>
    public void Release() => _release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll(_pumps.Append(_accepting).Select(async pump =>
        {
            try
            {
                await pump;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // stopped
            }
        }));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            lock (_pumps)
            {
                _pumps.Add(RelayAsync(client, server));
            }
        }
    }

    private async Task RelayAsync(TcpClient client, TcpClient server)
    {
        using (client)
        using (server)
        {
            await Task.WhenAll(PumpAsync(client, server, holding: true), PumpAsync(server, client, holding: false));
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool holding)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            int read;
            while ((read = await input.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (holding && Volatile.Read(ref _marker) is { } marker && buffer.AsSpan(0, read).IndexOf(marker) >= 0
                    && Interlocked.CompareExchange(ref _marker, null, marker) == marker)
                {
                    Held.TrySetResult();
                    await _release.Task.WaitAsync(_stop.Token);
                }

                await output.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }

            to.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // one side went away, or the relay stops: the connection ends
        }
    }
}
