using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using GatewayMesh.Proxy.Protocols;
using Xunit;

namespace GatewayMesh.UnitTests.Protocols;

public class ConnectionPeekTests
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    [Theory]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0", true)]
    [InlineData("GET / HTTP/1.1\r\n", false)]
    [InlineData("PRI * HTTP/1.1\r\n\r\n", false)]
    public async Task StartsWithAsync_DecidesWithoutConsuming(string sent, bool expected)
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes(sent));

        var result = await ConnectionPeek.StartsWithAsync(pipe.Reader, Preface, CancellationToken.None);
        var stillThere = await pipe.Reader.ReadAsync();

        Assert.Equal(expected, result);
        Assert.Equal(sent, Encoding.ASCII.GetString(stillThere.Buffer.ToArray()));
    }

    [Fact]
    public async Task StartsWithAsync_PrefixArrivesInPieces_WaitsForEnoughBytes()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Preface.AsMemory(0, 5));

        var peek = ConnectionPeek.StartsWithAsync(pipe.Reader, Preface, CancellationToken.None).AsTask();
        Assert.False(peek.IsCompleted);
        await pipe.Writer.WriteAsync(Preface.AsMemory(5));

        Assert.True(await peek.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task StartsWithAsync_ClientStopsEarly_IsFalse()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Preface.AsMemory(0, 3));
        await pipe.Writer.CompleteAsync();

        Assert.False(await ConnectionPeek.StartsWithAsync(pipe.Reader, Preface, CancellationToken.None));
    }
}
