using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ingress;

/// <summary>The ingress against real Redis and real upstreams: which requests reach which upstream, and when they reach none.</summary>
[Collection(RedisCollection.Name)]
public sealed class IngressRoutingTests(RedisServerFixture redis) : IAsyncLifetime
{
    private IngressHarness _ingress = null!;

    public async Task InitializeAsync() => _ingress = await IngressHarness.StartAsync(redis);

    public async Task DisposeAsync() => await _ingress.DisposeAsync();

    [Fact]
    public async Task BookinfoGateway_GetProductpage_ReachesProductpage()
    {
        await _ingress.AddUpstreamAsync("productpage", "productpage-v1");
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyFileAsync("configs/bookinfo/bookinfo-gateway.yaml"));

        var echo = await _ingress.GetEchoAsync("/productpage?u=normal");

        Assert.Equal("productpage-v1", echo.Instance);
        Assert.Equal("/productpage", echo.Path);
        Assert.Equal("?u=normal", echo.Query);
    }

    [Fact]
    public async Task BookinfoGateway_UnknownPath_404WithBody()
    {
        await _ingress.AddUpstreamAsync("productpage", "productpage-v1");
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyFileAsync("configs/bookinfo/bookinfo-gateway.yaml"));

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/nothing-here", host: "bookinfo.local");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no route for bookinfo.local/nothing-here", (await response.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task VirtualServiceAppliedWhileRunning_RoutesChangeWithoutRestart()
    {
        await _ingress.AddUpstreamAsync("productpage", "productpage-v1");
        await _ingress.AddUpstreamAsync("reviews", "reviews-v1");
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(IngressConfigs.VirtualService("site", "- route: [{destination: {host: productpage}}]")));
        Assert.Equal("productpage-v1", (await _ingress.GetEchoAsync("/")).Instance);

        var revision = await _ingress.ApplyAsync(IngressConfigs.VirtualService("site", "- route: [{destination: {host: reviews}}]"));
        await _ingress.WaitForRevisionAsync(revision);

        Assert.Equal(revision, _ingress.State.AppliedRevision);
        Assert.Equal("reviews-v1", (await _ingress.GetEchoAsync("/")).Instance);
    }

    [Fact]
    public async Task WeightedRoute90To10_1000Requests_SplitWithin4Percent()
    {
        await _ingress.AddUpstreamAsync("reviews", "reviews-v1", "v1");
        await _ingress.AddUpstreamAsync("reviews", "reviews-v2", "v2");
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
        await _ingress.ApplyAsync(IngressConfigs.ReviewsSubsets);
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(IngressConfigs.VirtualService("reviews", """
            - route:
              - destination: {host: reviews, subset: v1}
                weight: 90
              - destination: {host: reviews, subset: v2}
                weight: 10
            """)));

        var v1 = 0;
        for (var i = 0; i < 1000; i++)
        {
            if ((await _ingress.GetEchoAsync("/reviews")).Instance == "reviews-v1")
            {
                v1++;
            }
        }

        Assert.InRange(v1, 860, 940);
    }

    [Fact]
    public async Task SubsetWithoutInstances_503NoHealthyUpstream()
    {
        await _ingress.AddUpstreamAsync("reviews", "reviews-v1", "v1");
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
        await _ingress.ApplyAsync(IngressConfigs.ReviewsSubsets);
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(
            IngressConfigs.VirtualService("reviews", "- route: [{destination: {host: reviews, subset: v9}}]")));

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/reviews");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no healthy upstream for outbound||v9|reviews.default.svc.cluster.local", (await response.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task InstanceWithClosedPort_503UpstreamConnectError()
    {
        await _ingress.RegisterAsync("productpage", "productpage-dead", Cli.ClosedPort.Find());
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(
            IngressConfigs.VirtualService("site", "- route: [{destination: {host: productpage}}]")));

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/productpage");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("upstream connect error", (await response.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task GatewayServerHosts_OtherHost_404AndNamedHost_Routed()
    {
        await _ingress.AddUpstreamAsync("productpage", "productpage-v1");
        await _ingress.ApplyAsync(IngressConfigs.Gateway("bookinfo.example.com"));
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(
            IngressConfigs.VirtualService("site", "- route: [{destination: {host: productpage}}]")));

        using var other = await _ingress.SendAsync(HttpMethod.Get, "/productpage", host: "other.example.com");
        var named = await _ingress.GetEchoAsync("/productpage", host: "bookinfo.example.com");

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("no route for other.example.com/productpage", (await other.Content.ReadAsStringAsync()).Trim());
        Assert.Equal("productpage-v1", named.Instance);
        Assert.Equal("bookinfo.example.com", named.Host);
    }

    [Fact]
    public async Task AdminEndpoints_AfterFirstLoad_ReadyAndShowAppliedConfig()
    {
        await _ingress.AddUpstreamAsync("productpage", "productpage-v1");
        var revision = await _ingress.ApplyFileAsync("configs/bookinfo/bookinfo-gateway.yaml");
        await _ingress.WaitForRevisionAsync(revision);

        using var ready = await _ingress.Admin.GetAsync("/healthz/ready");
        using var live = await _ingress.Admin.GetAsync("/healthz/live");
        var applied = await _ingress.Admin.GetStringAsync("/debug/revision");
        var config = await _ingress.Admin.GetStringAsync("/debug/config");
        using var notAdminPath = await _ingress.Admin.GetAsync("/productpage");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal($"{{\"revision\":{revision},\"loaded\":true}}", applied); // one admin API shape for every proxy
        Assert.Contains("default/bookinfo-gateway", config);
        Assert.Contains("outbound|||productpage.default.svc.cluster.local", config);
        Assert.Equal(HttpStatusCode.NotFound, notAdminPath.StatusCode);
    }
}
