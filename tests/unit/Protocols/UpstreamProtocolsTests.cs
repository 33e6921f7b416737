using GatewayMesh.Proxy.Protocols;
using Xunit;

namespace GatewayMesh.UnitTests.Protocols;

public class UpstreamProtocolsTests
{
    [Theory]
    [InlineData("GRPC", null, UpstreamProtocol.Http2)]
    [InlineData("grpc-web", null, UpstreamProtocol.Http2)]
    [InlineData("HTTP2", "http-web", UpstreamProtocol.Http2)]
    [InlineData("HTTP", "grpc", UpstreamProtocol.Http1)]
    [InlineData(null, "grpc-api", UpstreamProtocol.Http2)]
    [InlineData(null, "http2", UpstreamProtocol.Http2)]
    [InlineData(null, "h2c", UpstreamProtocol.Http2)]
    [InlineData(null, "http-web", UpstreamProtocol.Http1)]
    [InlineData(null, "web", UpstreamProtocol.Unspecified)]
    [InlineData("TCP", "grpc", UpstreamProtocol.Unspecified)]
    [InlineData(null, null, UpstreamProtocol.Unspecified)]
    public void Parse_ProtocolFirstThenPortNamePrefix(string? protocol, string? name, UpstreamProtocol expected)
    {
        Assert.Equal(expected, UpstreamProtocols.Parse(protocol, name));
    }
}
