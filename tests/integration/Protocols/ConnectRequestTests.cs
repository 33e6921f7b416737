using System.Text;
using GatewayMesh.Sidecar.Outbound.Tunnels;
using Xunit;

namespace GatewayMesh.IntegrationTests.Protocols;

public sealed class ConnectRequestTests
{
    [Fact]
    public void Parse_HostPortAndHeaders_Read()
    {
        var request = Parse("CONNECT reviews:9080 HTTP/1.1\r\nHost: reviews:9080\r\nx-user: a\r\nX-User: b");

        Assert.NotNull(request);
        Assert.Equal("reviews", request.Host);
        Assert.Equal(9080, request.Port);
        Assert.Equal("reviews:9080", request.Authority);
        Assert.Equal("a,b", request.Headers["x-user"]);
    }

    [Fact]
    public void Parse_BracketedIpv6_AuthorityKeepsBrackets()
    {
        var request = Parse("CONNECT [::1]:443 HTTP/1.1");

        Assert.NotNull(request);
        Assert.Equal("::1", request.Host);
        Assert.Equal("[::1]:443", request.Authority);
    }

    [Theory]
    [InlineData("CONNECT reviews HTTP/1.1")]
    [InlineData("CONNECT reviews:0 HTTP/1.1")]
    [InlineData("CONNECT reviews:70000 HTTP/1.1")]
    [InlineData("CONNECT :80 HTTP/1.1")]
    [InlineData("CONNECT reviews:80 HTTP/2")]
    [InlineData("CONNECT reviews:80")]
    [InlineData("CONNECT reviews:80 HTTP/1.1\r\nno colon")]
    public void Parse_Malformed_IsNullWithReason(string head)
    {
        var request = ConnectRequest.Parse(Encoding.ASCII.GetBytes(head), out var error);

        Assert.Null(request);
        Assert.NotEmpty(error);
    }

    private static ConnectRequest? Parse(string head) => ConnectRequest.Parse(Encoding.ASCII.GetBytes(head), out _);
}
