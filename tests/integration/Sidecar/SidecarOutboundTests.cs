using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using Xunit;

namespace GatewayMesh.IntegrationTests.Sidecar;

[Collection(RedisCollection.Name)]
public sealed class SidecarOutboundTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Outbound_MeshHost_ReachesRegisteredInstanceThroughItsSidecar()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        await using var reviewsApp = await UpstreamApp.StartAsync("reviews-app");
        await using var reviews = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "reviews", reviewsApp.Port, registry);
        await reviews.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        await using var productApp = await UpstreamApp.StartAsync("productpage-app");
        await using var productpage = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "productpage", productApp.Port, registry);
        await productpage.State.WaitForRevisionAsync(reviews.Registration.CurrentLease!.Revision).WaitAsync(WaitTimeout);
        using var client = productpage.CreateOutboundClient();

        var body = await client.GetStringAsync("http://reviews:9080/reviews/0");

        var lines = body.Split('\n');
        Assert.Equal("reviews-app", lines[0]);
        Assert.Equal("reviews:9080", lines[1]);
        Assert.Equal("/reviews/0", lines[2]);
    }

    [Fact]
    public async Task Outbound_NonMeshHostAllowAny_PassesThroughToDestination()
    {
        await using var external = await UpstreamApp.StartAsync("external");
        await using var app = await UpstreamApp.StartAsync("productpage-app");
        await using var sidecar = await SidecarTestHost.StartAsync(redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "productpage", app.Port);
        using var client = sidecar.CreateOutboundClient();

        var body = await client.GetStringAsync($"http://127.0.0.1:{external.Port}/api/x");

        var lines = body.Split('\n');
        Assert.Equal("external", lines[0]);
        Assert.Equal($"127.0.0.1:{external.Port}", lines[1]);
        Assert.Equal("/api/x", lines[2]);
    }

    [Fact]
    public async Task Outbound_NonMeshHostRegistryOnly_Answers502()
    {
        await using var external = await UpstreamApp.StartAsync("external");
        await using var app = await UpstreamApp.StartAsync("productpage-app");
        await using var sidecar = await SidecarTestHost.StartAsync(
            redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "productpage", app.Port, null, null, "--outbound-policy", "REGISTRY_ONLY");
        using var client = sidecar.CreateOutboundClient();

        using var response = await client.GetAsync($"http://127.0.0.1:{external.Port}/api/x");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("destination not in the mesh registry\n", await response.Content.ReadAsStringAsync());
    }
}
