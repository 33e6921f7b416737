using System.Net;
using GatewayMesh.Proxy.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.UnitTests.Admin;

/// <summary>
/// The admin API of both proxies on a pod's address (<c>--bind 0.0.0.0</c>): callers that are not on loopback get
/// health and metrics only, never configuration dumps or certificate facts.
/// </summary>
public sealed class ProxyAdminAccessTests
{
    [Theory]
    [InlineData("127.0.0.1", "/debug/config", true)]
    [InlineData("::1", "/debug/certs", true)]
    [InlineData("10.1.2.3", "/healthz/ready", true)]
    [InlineData("10.1.2.3", "/healthz/live", true)]
    [InlineData("10.1.2.3", "/stats/prometheus", true)]
    [InlineData("10.1.2.3", "/debug/config", false)]
    [InlineData("10.1.2.3", "/debug/certs", false)]
    [InlineData("10.1.2.3", "/debug/revision", false)]
    [InlineData("10.1.2.3", "/healthzx", false)]
    [InlineData("10.1.2.3", "/stats/prometheus/x", false)]
    public void RemoteMaySee_ByCallerAndPath(string caller, string path, bool expected)
    {
        var context = Request(caller, path);

        Assert.Equal(expected, ProxyAdminEndpoints.RemoteMaySee(context));
    }

    [Fact]
    public async Task HandleAsync_RemoteCallerAsksForAConfigDump_404WithoutTouchingTheProxy()
    {
        var context = Request("192.168.49.2", "/debug/config");
        context.Response.Body = new MemoryStream();

        await ProxyAdminEndpoints.HandleAsync(context); // no ProxyState registered: refused before the proxy is asked anything

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
    }

    private static DefaultHttpContext Request(string caller, string path)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(caller);
        context.Request.Path = path;
        context.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(); // no proxy registered
        return context;
    }
}
