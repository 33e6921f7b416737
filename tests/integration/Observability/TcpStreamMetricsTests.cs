using System.Net;
using System.Net.Sockets;
using System.Text;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Protocols;
using GatewayMesh.IntegrationTests.Sidecar;
using Xunit;
using Sample = GatewayMesh.IntegrationTests.Observability.IstioMetricsMeshTests.Sample;

namespace GatewayMesh.IntegrationTests.Observability;

/// <summary>
/// Istio's TCP metrics (<c>istio_tcp_*</c>) on real sidecars, through real sockets: a CONNECT tunnel to a loopback
/// server outside the mesh, and a WebSocket tunnelled to a mesh service, upgraded at the callee's sidecar. Every byte
/// the test sends and reads is counted by the test, and each proxy's <c>/stats/prometheus</c> must say exactly the same.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class TcpStreamMetricsTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ConnectTunnel_ToLoopbackServerOutsideTheMesh_OneConnectionOpenedAndClosedWithExactBytesEachWay()
    {
        await using var server = new ReplyAfterInputServer();
        await using var sidecar = await SidecarTestHost.StartAsync(
            redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "caller", UpstreamApp.FreePort(), null, null);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, sidecar.Listeners.OutboundUri.Port);
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT 127.0.0.1:{server.Port} HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 200", await ReadHeadAsync(stream), StringComparison.Ordinal);
        await stream.WriteAsync("first line through the tunnel\n"u8.ToArray()); // 30 bytes
        await stream.WriteAsync("end\n"u8.ToArray()); // 4 bytes
        var answer = await ReadToEndAsync(stream); // ends when the sidecar closes the tunnel, after it recorded the close

        Assert.Equal("received 34 bytes, goodbye\n", answer);
        var samples = IstioMetricsMeshTests.Parse(await sidecar.Admin.GetStringAsync("/stats/prometheus"));
        var labels = Tcp(samples, "istio_tcp_connections_opened_total");
        Assert.Equal("source", labels["reporter"]);
        Assert.Equal("caller-v1", labels["source_workload"]);
        Assert.Equal("unknown", labels["destination_workload"]);
        Assert.Equal("PassthroughCluster", labels["destination_service_name"]);
        Assert.Equal("unknown", labels["connection_security_policy"]);
        Assert.Equal("-", labels["response_flags"]);
        Assert.Equal(
            (1, 1, 34, 27),
            (Value(samples, "istio_tcp_connections_opened_total"), Value(samples, "istio_tcp_connections_closed_total"),
             Value(samples, "istio_tcp_received_bytes_total"), Value(samples, "istio_tcp_sent_bytes_total")));
    }

    [Fact]
    public async Task WebSocketThroughATunnelToAMeshService_CountedByTheCallersTunnelAndTheCalleesUpgrade()
    {
        await using var mesh = await EchoBehindCaller.StartAsync(redis);
        var (echo, caller) = (mesh.Echo, mesh.Caller);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, caller.Listeners.OutboundUri.Port);
        var stream = new CountingStream(client.GetStream());

        await stream.WriteAsync("CONNECT echo:8080 HTTP/1.1\r\nHost: echo:8080\r\n\r\n"u8.ToArray());
        Assert.StartsWith("HTTP/1.1 200", await ReadHeadAsync(stream), StringComparison.Ordinal);
        var (tunnelWritten, tunnelRead) = (stream.WrittenBytes, stream.ReadBytes); // the tunnel starts here
        await stream.WriteAsync("GET /ws HTTP/1.1\r\nHost: echo:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"u8.ToArray());
        Assert.StartsWith("HTTP/1.1 101", await ReadHeadAsync(stream), StringComparison.Ordinal);
        var (upgradedWritten, upgradedRead) = (stream.WrittenBytes, stream.ReadBytes); // the upgraded stream starts here
        await WebSocketFrames.SendAsync(stream, 0x1, "counted both ways"u8.ToArray());
        var echoed = await WebSocketFrames.ReceiveAsync(stream);
        await WebSocketFrames.SendAsync(stream, 0x8, [0x03, 0xE8]); // close, 1000
        var closing = await WebSocketFrames.ReceiveAsync(stream);
        Assert.Equal("", await ReadToEndAsync(stream)); // both proxies have recorded the close before this connection ends

        Assert.Equal((0x1, "counted both ways"), (echoed.Opcode, Encoding.UTF8.GetString(echoed.Payload)));
        Assert.Equal(0x8, closing.Opcode);
        var callerSamples = IstioMetricsMeshTests.Parse(await caller.Admin.GetStringAsync("/stats/prometheus"));
        var callerLabels = Tcp(callerSamples, "istio_tcp_connections_opened_total");
        Assert.Equal(("source", "caller-v1", "echo-v1", "echo"), (callerLabels["reporter"], callerLabels["source_workload"], callerLabels["destination_workload"], callerLabels["destination_service_name"]));
        Assert.Equal(
            (1, 1, stream.WrittenBytes - tunnelWritten, stream.ReadBytes - tunnelRead),
            (Value(callerSamples, "istio_tcp_connections_opened_total"), Value(callerSamples, "istio_tcp_connections_closed_total"),
             Value(callerSamples, "istio_tcp_received_bytes_total"), Value(callerSamples, "istio_tcp_sent_bytes_total")));
        var echoSamples = IstioMetricsMeshTests.Parse(await echo.Admin.GetStringAsync("/stats/prometheus"));
        var echoLabels = Tcp(echoSamples, "istio_tcp_connections_opened_total");
        Assert.Equal(("destination", "echo-v1", "echo", "none"), (echoLabels["reporter"], echoLabels["destination_workload"], echoLabels["destination_service_name"], echoLabels["connection_security_policy"]));
        Assert.Equal(
            (1, 1, stream.WrittenBytes - upgradedWritten, stream.ReadBytes - upgradedRead),
            (Value(echoSamples, "istio_tcp_connections_opened_total"), Value(echoSamples, "istio_tcp_connections_closed_total"),
             Value(echoSamples, "istio_tcp_received_bytes_total"), Value(echoSamples, "istio_tcp_sent_bytes_total")));
        Assert.Contains(echoSamples, s => s.Name == "istio_requests_total" && s.Labels["response_code"] == "101"); // the handshake is a request too
    }

    /// <summary>The labels of the one series of <paramref name="name"/>; every TCP series says <c>tcp</c>.</summary>
    private static Dictionary<string, string> Tcp(List<Sample> samples, string name)
    {
        var sample = Assert.Single(samples, s => s.Name == name);
        Assert.Equal("tcp", sample.Labels["request_protocol"]);
        return sample.Labels;
    }

    private static long Value(List<Sample> samples, string name) => Assert.Single(samples, s => s.Name == name).Value;

    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one).AsTask().WaitAsync(WaitTimeout) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    private static async Task<string> ReadToEndAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        return await reader.ReadToEndAsync().WaitAsync(WaitTimeout);
    }

    /// <summary>Counts the bytes the test writes and reads on its connection.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long WrittenBytes { get; private set; }

        public long ReadBytes { get; private set; }

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            ReadBytes += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            WrittenBytes += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>A client's WebSocket frames (RFC 6455 5.2): masked on the way out, short payloads only.</summary>
    private static class WebSocketFrames
    {
        public static async Task SendAsync(Stream stream, byte opcode, byte[] payload)
        {
            byte[] mask = [0x11, 0x22, 0x33, 0x44];
            var frame = new byte[6 + payload.Length];
            frame[0] = (byte)(0x80 | opcode);
            frame[1] = (byte)(0x80 | payload.Length);
            mask.CopyTo(frame, 2);
            for (var i = 0; i < payload.Length; i++)
            {
                frame[6 + i] = (byte)(payload[i] ^ mask[i % 4]);
            }

            await stream.WriteAsync(frame);
        }

        public static async Task<(int Opcode, byte[] Payload)> ReceiveAsync(Stream stream)
        {
            var header = new byte[2];
            await stream.ReadExactlyAsync(header).AsTask().WaitAsync(WaitTimeout);
            Assert.True(header[1] < 126, "the test's frames are short and unmasked from the server");
            var payload = new byte[header[1]];
            await stream.ReadExactlyAsync(payload).AsTask().WaitAsync(WaitTimeout);
            return (header[0] & 0x0F, payload);
        }
    }

    /// <summary>A loopback server that reads until a line <c>end</c>, then answers how much it got (a reply of another size) and closes.</summary>
    private sealed class ReplyAfterInputServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task _serving;

        public ReplyAfterInputServer()
        {
            _listener.Start();
            _serving = ServeOneAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            try
            {
                await _serving.WaitAsync(WaitTimeout);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // stopped before a connection came
            }
        }

        private async Task ServeOneAsync()
        {
            using var socket = await _listener.AcceptSocketAsync();
            var received = new StringBuilder();
            var buffer = new byte[1024];
            int read;
            while (!received.ToString().EndsWith("\nend\n", StringComparison.Ordinal) && (read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            await socket.SendAsync(Encoding.ASCII.GetBytes($"received {received.Length} bytes, goodbye\n"), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Both);
        }
    }
}
