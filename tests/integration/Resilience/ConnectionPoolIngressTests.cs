using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using Xunit;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>connectionPool limits through a real ingress: a request beyond http2MaxRequests fails fast with 503 overflow.</summary>
[Collection(RedisCollection.Name)]
public sealed class ConnectionPoolIngressTests(RedisServerFixture redis) : IngressUpstreamTests(redis)
{
    private GatedUpstream _upstream = null!;

    private protected override async Task SetUpAsync() => _upstream = await Behind(GatedUpstream.StartAsync());

    [Fact]
    public async Task Http2MaxRequests_OneInFlight_SecondFailsFastWithOverflowThenFirstCompletes()
    {
        await Ingress.RegisterAsync("reviews", "reviews-gated", _upstream.Port);
        await Ingress.RouteAsync("reviews", "- route: [{destination: {host: reviews}}]", "connectionPool: {http: {http2MaxRequests: 1}}");

        var held = Ingress.SendAsync(HttpMethod.Get, "/held");
        await _upstream.FirstArrived.Task.WaitAsync(IngressHarness.Timeout);

        using (var overflow = await Ingress.SendAsync(HttpMethod.Get, "/over"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, overflow.StatusCode);
            Assert.Equal(
                "upstream overflow: outbound|||reviews.default.svc.cluster.local requests limit (1) reached",
                (await overflow.Content.ReadAsStringAsync()).Trim());
        }

        _upstream.Release();
        using var first = await held;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var after = await Ingress.SendAsync(HttpMethod.Get, "/after");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
