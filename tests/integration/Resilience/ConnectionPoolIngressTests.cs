using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using Xunit;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>connectionPool limits through a real ingress: a request beyond http2MaxRequests fails fast with 503 overflow.</summary>
[Collection(RedisCollection.Name)]
public sealed class ConnectionPoolIngressTests(RedisServerFixture redis) : IAsyncLifetime
{
    private IngressHarness _ingress = null!;
    private GatedUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis);
        _upstream = await GatedUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _upstream.Release();
        await _ingress.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Http2MaxRequests_OneInFlight_SecondFailsFastWithOverflowThenFirstCompletes()
    {
        await _ingress.RegisterAsync("reviews", "reviews-gated", _upstream.Port);
        await _ingress.RouteAsync("reviews", "- route: [{destination: {host: reviews}}]", "connectionPool: {http: {http2MaxRequests: 1}}");

        var held = _ingress.SendAsync(HttpMethod.Get, "/held");
        await _upstream.FirstArrived.Task.WaitAsync(IngressHarness.Timeout);

        using (var overflow = await _ingress.SendAsync(HttpMethod.Get, "/over"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, overflow.StatusCode);
            Assert.Equal(
                "upstream overflow: outbound|||reviews.default.svc.cluster.local requests limit (1) reached",
                (await overflow.Content.ReadAsStringAsync()).Trim());
        }

        _upstream.Release();
        using var first = await held;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var after = await _ingress.SendAsync(HttpMethod.Get, "/after");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
