using System.Net;
using System.Net.Sockets;
using System.Text;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using Xunit;

namespace GatewayMesh.IntegrationTests.Sidecar;

/// <summary>Raw HTTP/1.1 on the outbound listener, for request forms HttpClient does not produce.</summary>
[Collection(RedisCollection.Name)]
public sealed class SidecarProtocolTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Outbound_AbsoluteTargetWithOtherHostHeader_RoutesByTargetHost()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        await using var reviewsApp = await UpstreamApp.StartAsync("reviews-app");
        await using var reviews = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "reviews", reviewsApp.Port, registry);
        await reviews.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        await using var app = await UpstreamApp.StartAsync("productpage-app");
        await using var productpage = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "productpage", app.Port, registry);
        await productpage.State.WaitForRevisionAsync(reviews.Registration.CurrentLease!.Revision).WaitAsync(WaitTimeout);

        var response = await SendRawAsync(productpage.Listeners.OutboundUri,
            "GET http://reviews:9080/reviews/1 HTTP/1.1\r\nHost: not-in-the-mesh.example\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("reviews-app\nreviews:9080\n/reviews/1\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbound_ConnectAfterAnotherRequestOnTheConnection_Answers405()
    {
        await using var app = await UpstreamApp.StartAsync("productpage-app");
        await using var sidecar = await SidecarTestHost.StartAsync(redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "productpage", app.Port);

        // A tunnel is opened only by the first request of a connection; a later CONNECT is refused over HTTP.
        var response = await SendRawAsync(sidecar.Listeners.OutboundUri,
            $"GET http://127.0.0.1:{app.Port}/ HTTP/1.1\r\nHost: 127.0.0.1:{app.Port}\r\n\r\n"
            + "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 405", response, StringComparison.Ordinal);
        Assert.Contains("CONNECT must be the first request of an HTTP/1.1 connection", response, StringComparison.Ordinal);
    }

    private static async Task<string> SendRawAsync(Uri listener, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, listener.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(WaitTimeout);
    }
}
