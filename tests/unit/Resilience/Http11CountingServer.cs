using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1:0 (a real socket) that records, per accepted connection, the head of every
/// request it got. It answers each with <c>200</c> and the request body's length, and honours <c>Connection: close</c>
/// by saying so and closing the connection, as RFC 9112 asks.
/// </summary>
internal sealed class Http11CountingServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<List<string>> _connections = new();
    private readonly Task _accepting;

    public Http11CountingServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>The request heads each connection carried, in the order the connections were accepted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Connections => _connections.Select(Copy).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var heads = new List<string>();
            _connections.Enqueue(heads);
            _ = ServeAsync(client, heads);
        }
    }

    private async Task ServeAsync(TcpClient client, List<string> heads)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        while (true)
        {
            int end;
            while ((end = IndexOfEndOfHead(buffer)) < 0)
            {
                var read = await stream.ReadAsync(chunk, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                buffer.AddRange(chunk.AsSpan(0, read));
            }

            var head = Encoding.ASCII.GetString([.. buffer.Take(end)]);
            buffer.RemoveRange(0, end + 4);
            lock (heads)
            {
                heads.Add(head);
            }

            var length = ContentLength(head);
            while (buffer.Count < length)
            {
                var read = await stream.ReadAsync(chunk, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                buffer.AddRange(chunk.AsSpan(0, read));
            }

            buffer.RemoveRange(0, length);
            var close = head.Contains("\r\nConnection: close", StringComparison.OrdinalIgnoreCase);
            var body = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var answer = $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n{(close ? "Connection: close\r\n" : "")}\r\n{body}";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
            if (close)
            {
                return;
            }
        }
    }

    private static IReadOnlyList<string> Copy(List<string> heads)
    {
        lock (heads)
        {
            return heads.ToList();
        }
    }

    private static int IndexOfEndOfHead(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
