using System.Net;
using GatewayMesh.Proxy.Security.Authorization;
using Xunit;

namespace GatewayMesh.UnitTests.Security;

public class IpBlockTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.200.1.1", true)]
    [InlineData("10.1.2.3/8", "10.9.9.9", true)]
    [InlineData("10.0.0.0/9", "10.128.0.1", false)]
    [InlineData("10.0.0.0/9", "10.127.255.255", true)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("192.0.2.1", "192.0.2.1", true)]
    [InlineData("192.0.2.1", "192.0.2.2", false)]
    [InlineData("fd00::/8", "fd12::1", true)]
    [InlineData("fd00::/8", "fe80::1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", true)]
    [InlineData("10.0.0.0/8", "fd00::1", false)]
    public void Contains_Address_AsCidrSays(string block, string address, bool expected)
    {
        Assert.True(IpBlock.TryParse(block, out var parsed));

        Assert.Equal(expected, parsed.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("nope")]
    [InlineData("")]
    public void TryParse_Invalid_False(string text)
    {
        Assert.False(IpBlock.TryParse(text, out _));
    }
}
