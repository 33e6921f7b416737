using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Sidecar;
using Xunit;

namespace GatewayMesh.IntegrationTests.Protocols;

/// <summary>CONNECT on the sidecar's outbound listener: TCP tunnels under ALLOW_ANY, refusals, the tunnel limit and idle timeout, and mesh hosts.</summary>
[Collection(RedisCollection.Name)]
public sealed class SidecarConnectTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Connect_NonMeshHostAllowAny_TunnelsBytesBothWays()
    {
        await using var echo = new TcpEchoServer();
        await using var sidecar = await StartSidecarAsync();
        using var connection = await RawProxyConnection.OpenAsync(sidecar.Listeners.OutboundUri);

        var head = await connection.ConnectAsync($"127.0.0.1:{echo.Port}");
        await connection.SendAsync("ping\n");
        var first = await connection.ReadAsync(5);
        await connection.SendAsync("pong\n");
        var second = await connection.ReadAsync(5);

        Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);
        Assert.Equal("ping\n", first);
        Assert.Equal("pong\n", second);
    }

    [Fact]
    public async Task Connect_NonMeshHostRegistryOnly_Answers403WithReason()
    {
        await using var echo = new TcpEchoServer();
        await using var sidecar = await StartSidecarAsync("--outbound-policy", "REGISTRY_ONLY");
        using var connection = await RawProxyConnection.OpenAsync(sidecar.Listeners.OutboundUri);

        var response = await connection.ConnectAsync($"127.0.0.1:{echo.Port}");

        Assert.StartsWith("HTTP/1.1 403", response, StringComparison.Ordinal);
        Assert.EndsWith("destination not in the mesh registry\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_BeyondTunnelLimit_Answers503()
    {
        await using var echo = new TcpEchoServer();
        await using var sidecar = await StartSidecarAsync("--max-tunnels", "1");
        using var first = await RawProxyConnection.OpenAsync(sidecar.Listeners.OutboundUri);
        Assert.StartsWith("HTTP/1.1 200", await first.ConnectAsync($"127.0.0.1:{echo.Port}"), StringComparison.Ordinal);
        using var second = await RawProxyConnection.OpenAsync(sidecar.Listeners.OutboundUri);

        var response = await second.ConnectAsync($"127.0.0.1:{echo.Port}");
        await first.SendAsync("still here\n");

        Assert.StartsWith("HTTP/1.1 503", response, StringComparison.Ordinal);
        Assert.Contains("too many open tunnels (limit 1)", response, StringComparison.Ordinal);
        Assert.Equal("still here\n", await first.ReadAsync(11));
    }

    [Theory]
    [InlineData("no-port-here")]
    [InlineData("host:99999")]
    [InlineData("bad host:80")]
    public async Task Connect_MalformedTarget_Answers400(string target)
    {
        await using var sidecar = await StartSidecarAsync();
        using var connection = await RawProxyConnection.OpenAsync(sidecar.Listeners.OutboundUri);

        var response = await connection.ConnectAsync(target);

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ToTheSidecarsOwnListener_Answers403()
    {
        await using var sidecar = await StartSidecarAsync();
        using var connection = await RawProxyConnection.OpenAsync(sidecar.Listeners.OutboundUri);

        var response = await connection.ConnectAsync($"127.0.0.1:{sidecar.Listeners.OutboundUri.Port}");

        Assert.StartsWith("HTTP/1.1 403", response, StringComparison.Ordinal);
        Assert.Contains("refusing to tunnel into the sidecar itself", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_UpstreamRefusesConnection_Answers503()
    {
        await using var sidecar = await StartSidecarAsync();
        using var connection = await RawProxyConnection.OpenAsync(sidecar.Listeners.OutboundUri);

        var response = await connection.ConnectAsync($"127.0.0.1:{UpstreamApp.FreePort()}");

        Assert.StartsWith("HTTP/1.1 503", response, StringComparison.Ordinal);
        Assert.EndsWith("upstream connect error\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_SilentLongerThanTunnelIdleTimeout_TunnelIsClosed()
    {
        await using var echo = new TcpEchoServer();
        await using var sidecar = await StartSidecarAsync("--tunnel-idle-timeout", "00:00:01");
        using var connection = await RawProxyConnection.OpenAsync(sidecar.Listeners.OutboundUri);
        Assert.StartsWith("HTTP/1.1 200", await connection.ConnectAsync($"127.0.0.1:{echo.Port}"), StringComparison.Ordinal);
        await connection.SendAsync("once\n");
        Assert.Equal("once\n", await connection.ReadAsync(5));

        var rest = await connection.ReadToEndAsync(); // nothing more is sent: the proxy closes the idle tunnel

        Assert.Equal("", rest);
        await echo.PeerClosed.Task.WaitAsync(WaitTimeout);
    }

    [Fact]
    public async Task Connect_MeshHost_WebSocketThroughProxyTunnelReachesServiceThroughItsSidecar()
    {
        await using var mesh = await EchoBehindCaller.StartAsync(redis);

        // .NET reaches a ws:// URI through an HTTP proxy with CONNECT echo:8080, then upgrades inside the tunnel.
        var echoes = await WebSocketEcho.RoundTripAsync(new Uri("ws://echo:8080/ws"), ["via tunnel"], proxy: new WebProxy(mesh.Caller.Listeners.OutboundUri));

        Assert.Equal(["via tunnel", "closed:NormalClosure"], echoes);
    }

    private Task<SidecarTestHost> StartSidecarAsync(params string[] extraArgs) =>
        SidecarTestHost.StartAsync(redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "caller", UpstreamApp.FreePort(), null, null, extraArgs);
}
