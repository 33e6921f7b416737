using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using Xunit;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>
/// Issue 15: <c>connectionPool.tcp.maxConnections</c> caps the cluster's connections across its instances, as Envoy
/// does, counted by the upstreams' own connection ids.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ClusterMaxConnectionsIngressTests(RedisServerFixture redis) : IngressUpstreamTests(redis)
{
    private readonly SemaphoreSlim _arrivals = new(0);
    private ConnectionCountingUpstream _first = null!;
    private ConnectionCountingUpstream _second = null!;

    private protected override async Task SetUpAsync()
    {
        _first = await Behind(ConnectionCountingUpstream.StartAsync(hold: true, _arrivals));
        _second = await Behind(ConnectionCountingUpstream.StartAsync(hold: true, _arrivals));
        await Ingress.RegisterAsync("reviews", "reviews-1", _first.Port);
        await Ingress.RegisterAsync("reviews", "reviews-2", _second.Port);
    }

    [Fact]
    public async Task MaxConnections_TwoForTwoInstances_FourConcurrentRequestsShareTwoUpstreamConnections()
    {
        await Ingress.RouteAsync(
            "reviews",
            "- route: [{destination: {host: reviews}}]\n  retries: {attempts: 0}",
            "loadBalancer: {simple: ROUND_ROBIN}\nconnectionPool: {tcp: {maxConnections: 2}, http: {http1MaxPendingRequests: 10}}");

        // One request held at each instance: one connection each, the cluster's two.
        var requests = new List<Task<HttpResponseMessage>> { Ingress.SendAsync(HttpMethod.Get, "/1") };
        await WaitForArrivalAsync();
        requests.Add(Ingress.SendAsync(HttpMethod.Get, "/2"));
        await WaitForArrivalAsync();

        // Round robin sends one more to each instance. Per instance they would open a second connection each; per
        // cluster they wait for the two open ones.
        requests.Add(Ingress.SendAsync(HttpMethod.Get, "/3"));
        requests.Add(Ingress.SendAsync(HttpMethod.Get, "/4"));
        _first.Release();
        _second.Release();
        foreach (var request in requests)
        {
            using var response = await request.WaitAsync(IngressHarness.Timeout);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(new[] { 2 }, _first.RequestsPerConnection);
        Assert.Equal(new[] { 2 }, _second.RequestsPerConnection);
    }

    private async Task WaitForArrivalAsync() =>
        Assert.True(await _arrivals.WaitAsync(IngressHarness.Timeout), "no request arrived upstream in time");
}
