using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GatewayMesh.Proxy.Protocols;
using Xunit;

namespace GatewayMesh.UnitTests.Protocols;

/// <summary>The relay over real loopback sockets: the bytes it counts each way and what it tells its observer.</summary>
public sealed class TcpRelayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_ClientSendsThenHalfCloses_CountsExactBytesEachWayAndClosesOnce()
    {
        // The upstream reads until the client's half-close arrives, then answers with a reply of a different size.
        using var upstreamListener = new TcpListener(IPAddress.Loopback, 0);
        upstreamListener.Start();
        var upstreamServer = AnswerAfterEndOfInputAsync(upstreamListener);
        using var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await upstream.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)upstreamListener.LocalEndpoint).Port);

        // The relay's client side: the accepted end of a real loopback connection, as a duplex pipe.
        using var clientListener = new TcpListener(IPAddress.Loopback, 0);
        clientListener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)clientListener.LocalEndpoint).Port);
        using var accepted = await clientListener.AcceptSocketAsync();
        await using var acceptedStream = new NetworkStream(accepted, ownsSocket: false);
        var pipe = new StreamDuplexPipe(PipeReader.Create(acceptedStream), PipeWriter.Create(acceptedStream));
        var observer = new CountingObserver();

        var relaying = TcpRelay.RunAsync(pipe, upstream, TimeSpan.FromMinutes(1), TimeProvider.System, observer, CancellationToken.None);
        var stream = client.GetStream();
        await stream.WriteAsync("hello relay\n"u8.ToArray()); // 12 bytes
        await stream.WriteAsync("and more\n"u8.ToArray()); // 9 bytes
        client.Client.Shutdown(SocketShutdown.Send);
        var relay = await relaying.WaitAsync(Timeout);
        accepted.Shutdown(SocketShutdown.Send); // as Kestrel closes the connection once the tunnel's middleware returns
        var answer = await ReadToEndAsync(stream);

        Assert.Equal("received 21 bytes, goodbye\n", answer);
        Assert.Equal(21, relay.ReceivedBytes);
        Assert.Equal(27, relay.SentBytes);
        Assert.Equal(21, observer.Received);
        Assert.Equal(27, observer.Sent);
        Assert.Equal(1, observer.Closes);
        Assert.False(relay.TimedOut);
        await upstreamServer.WaitAsync(Timeout);
    }

    [Fact]
    public async Task ObservedStream_ReadsWritesAndDisposeTwice_ReportedEachWayAndClosedOnce()
    {
        var observer = new CountingObserver();
        var inner = new MemoryStream();
        inner.Write("abcdef"u8);
        inner.Position = 0;
        var stream = new ObservedStream(inner, observer);

        var buffer = new byte[4];
        var first = await stream.ReadAsync(buffer);
        var second = stream.Read(buffer, 0, buffer.Length);
        var end = await stream.ReadAsync(buffer);
        await stream.WriteAsync("xyz"u8.ToArray());
        stream.Write("12"u8);
        stream.Dispose();
        await stream.DisposeAsync();

        Assert.Equal((4, 2, 0), (first, second, end));
        Assert.Equal(6, observer.Received);
        Assert.Equal(5, observer.Sent);
        Assert.Equal(1, observer.Closes);
    }

    private static async Task AnswerAfterEndOfInputAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        var total = 0;
        var buffer = new byte[1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            total += read;
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes($"received {total} bytes, goodbye\n"), SocketFlags.None);
        socket.Shutdown(SocketShutdown.Both);
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        return await reader.ReadToEndAsync().WaitAsync(Timeout);
    }

    private sealed record StreamDuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private sealed class CountingObserver : ITcpStreamObserver
    {
        private long _received;
        private long _sent;
        private int _closes;

        public long Received => Interlocked.Read(ref _received);

        public long Sent => Interlocked.Read(ref _sent);

        public int Closes => Volatile.Read(ref _closes);

        void ITcpStreamObserver.Received(int bytes) => Interlocked.Add(ref _received, bytes);

        void ITcpStreamObserver.Sent(int bytes) => Interlocked.Add(ref _sent, bytes);

        void ITcpStreamObserver.Closed() => Interlocked.Increment(ref _closes);
    }
}
