using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>
/// Issue 15: <c>connectionPool.http.maxRequestsPerConnection</c> through a real ingress to a real upstream, counted by
/// the upstream's own connection ids. Requests are sequential, so each one waits for the previous answer.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RequestsPerConnectionIngressTests(RedisServerFixture redis) : IngressUpstreamTests(redis)
{
    private ConnectionCountingUpstream _upstream = null!;

    private protected override async Task SetUpAsync()
    {
        _upstream = await Behind(ConnectionCountingUpstream.StartAsync());
        await Ingress.RegisterAsync("reviews", "reviews-counting", _upstream.Port);
    }

    [Fact]
    public async Task MaxRequestsPerConnection_Three_NineSequentialRequestsOpenThreeUpstreamConnections()
    {
        await RouteAsync("connectionPool: {http: {maxRequestsPerConnection: 3}}");

        await SendSequentiallyAsync(HttpMethod.Get, 9);

        Assert.Equal(new[] { 3, 3, 3 }, _upstream.RequestsPerConnection);
        Assert.Equal(3, _upstream.CloseRequests);
    }

    [Fact]
    public async Task MaxRequestsPerConnection_Unset_NineSequentialRequestsShareOneUpstreamConnection()
    {
        await RouteAsync("connectionPool: {http: {idleTimeout: 30s}}");

        await SendSequentiallyAsync(HttpMethod.Get, 9);

        Assert.Equal(new[] { 9 }, _upstream.RequestsPerConnection);
        Assert.Equal(0, _upstream.CloseRequests);
    }

    [Fact]
    public async Task MaxRequestsPerConnection_Two_RequestBodiesArriveWholeAndEveryConnectionCarriesTwo()
    {
        await RouteAsync("connectionPool: {http: {maxRequestsPerConnection: 2}}");

        await SendSequentiallyAsync(HttpMethod.Post, 5);

        Assert.Equal(new[] { 1, 2, 2 }, _upstream.RequestsPerConnection.Order());
        Assert.Equal(2, _upstream.CloseRequests);
    }

    [Fact]
    public async Task MaxRequestsPerConnection_One_EveryRequestOpensItsOwnConnection()
    {
        await RouteAsync("connectionPool: {http: {maxRequestsPerConnection: 1}}");

        await SendSequentiallyAsync(HttpMethod.Get, 4);

        Assert.Equal(new[] { 1, 1, 1, 1 }, _upstream.RequestsPerConnection);
        Assert.Equal(4, _upstream.CloseRequests);
    }

    private Task RouteAsync(string trafficPolicy) =>
        Ingress.RouteAsync("reviews", "- route: [{destination: {host: reviews}}]\n  retries: {attempts: 0}", trafficPolicy);

    private async Task SendSequentiallyAsync(HttpMethod method, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var body = method == HttpMethod.Post ? $"body {i}: " + new string('x', 3000 + i) : "";
            using var response = await Ingress.SendAsync(method, $"/r{i}", configure: request =>
            {
                if (method == HttpMethod.Post)
                {
                    request.Content = new StringContent(body);
                }
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(body, await response.Content.ReadAsStringAsync());
        }
    }
}
