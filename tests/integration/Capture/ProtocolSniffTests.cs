using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using GatewayMesh.Sidecar.Capture;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Capture;

/// <summary>Issue 11, in process: telling HTTP from other TCP by the first bytes, and reading a <c>sockaddr</c>.</summary>
public sealed class ProtocolSniffTests
{
    [Theory]
    [InlineData("GET / HTTP/1.1\r\n", SniffedProtocol.Http)]
    [InlineData("POST /x HTTP/1.1\r\n", SniffedProtocol.Http)]
    [InlineData("CONNECT a:443 HTTP/1.1\r\n", SniffedProtocol.Http)]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", SniffedProtocol.Http)]
    [InlineData("ping\n", SniffedProtocol.Tcp)]
    [InlineData("\u0016\u0003\u0001", SniffedProtocol.Tcp)] // a TLS ClientHello
    [InlineData("GETX", SniffedProtocol.Tcp)]
    public void Classify_FirstBytes_Decides(string first, SniffedProtocol expected) =>
        Assert.Equal(expected, ProtocolSniff.Classify(new ReadOnlySequence<byte>(System.Text.Encoding.Latin1.GetBytes(first))));

    [Theory]
    [InlineData("GE")]
    [InlineData("PRI * HTTP/2")]
    public void Classify_PrefixOfAnHttpStart_WaitsForMore(string first) =>
        Assert.Null(ProtocolSniff.Classify(new ReadOnlySequence<byte>(System.Text.Encoding.ASCII.GetBytes(first))));

    [Fact]
    public async Task DetectAsync_SilentClient_IsTcpAfterTheTimeoutOfTheTimeProvider()
    {
        var time = new FakeTimeProvider();
        var pipe = new Pipe();
        var detecting = ProtocolSniff.DetectAsync(pipe.Reader, TimeSpan.FromSeconds(1), time, CancellationToken.None).AsTask();

        Assert.False(detecting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(SniffedProtocol.Tcp, await detecting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task DetectAsync_HttpRequest_LeavesEveryByteForTheNextReader()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("GET / HTTP/1.1\r\n"u8.ToArray());

        Assert.Equal(SniffedProtocol.Http, await ProtocolSniff.DetectAsync(pipe.Reader, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None));
        var read = await pipe.Reader.ReadAsync();
        Assert.Equal(16, read.Buffer.Length);
    }

    [Fact]
    public void Parse_SockaddrIn_ReadsAddressAndNetworkOrderPort()
    {
        byte[] sockaddr = [2, 0, 0x23, 0x78, 10, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0]; // AF_INET, port 9080, 10.1.2.3

        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 9080), OriginalDestination.Parse(sockaddr));
    }

    [Fact]
    public void Parse_SockaddrIn6_ReadsAddressAndPort()
    {
        var sockaddr = new byte[28];
        sockaddr[0] = 10; // AF_INET6
        sockaddr[2] = 0x23;
        sockaddr[3] = 0x83; // 9091
        IPAddress.Parse("fd00::5").GetAddressBytes().CopyTo(sockaddr, 8);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("fd00::5"), 9091), OriginalDestination.Parse(sockaddr));
    }
}
