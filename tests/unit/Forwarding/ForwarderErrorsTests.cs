using System.Net.Sockets;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.LoadBalancing;
using Xunit;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.UnitTests.Forwarding;

public sealed class ForwarderErrorsTests
{
    [Fact]
    public void Map_ConnectionRefused_503ConnectError()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal((503, "upstream connect error"), ForwarderErrors.Map(ForwarderError.Request, refused));
    }

    [Fact]
    public void Map_ResponseBrokenAfterConnect_502RequestFailed()
    {
        var broken = new HttpRequestException(HttpRequestError.ResponseEnded, "ended");

        Assert.Equal((502, "upstream request failed"), ForwarderErrors.Map(ForwarderError.Request, broken));
        Assert.Equal((502, "upstream request failed"), ForwarderErrors.Map(ForwarderError.ResponseBodyDestination, null));
    }

    [Fact]
    public void Map_TimedOutAfterConnect_504()
    {
        Assert.Equal(504, ForwarderErrors.Map(ForwarderError.RequestTimedOut, new OperationCanceledException()).Status);
    }

    [Fact]
    public void AffinityCookie_WithTtlPathAndAttributes_FormattedForSetCookie()
    {
        var cookie = new SetCookieInstruction(
            "session", "abc", "/", TimeSpan.FromMinutes(2),
            new ValueList<HttpCookieAttribute>([new HttpCookieAttribute { Name = "SameSite", Value = "Strict" }, new HttpCookieAttribute { Name = "Secure" }]));

        Assert.Equal("session=abc; Path=/; Max-Age=120; SameSite=Strict; Secure; HttpOnly", AffinityCookie.Format(cookie));
    }
}
