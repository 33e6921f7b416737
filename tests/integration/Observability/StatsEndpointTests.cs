using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using GatewayMesh.IntegrationTests.Resilience;
using Xunit;

namespace GatewayMesh.IntegrationTests.Observability;

/// <summary><c>/stats/prometheus</c> on a real ingress's admin port: the runtime's meters, the resilience counters and the ejected-endpoints gauge.</summary>
[Collection(RedisCollection.Name)]
public sealed class StatsEndpointTests(RedisServerFixture redis) : IAsyncLifetime
{
    private IngressHarness _ingress = null!;
    private FailingUpstream _failing = null!;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis);
        _failing = await FailingUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _ingress.DisposeAsync();
        await _failing.DisposeAsync();
    }

    [Fact]
    public async Task StatsPrometheus_AfterAnEjection_ServesRuntimeResilienceAndEjectedGauge()
    {
        await _ingress.AddUpstreamAsync("reviews", "reviews-healthy");
        await _ingress.RegisterAsync("reviews", "reviews-failing", _failing.Port);
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
        await _ingress.ApplyAsync(IngressConfigs.VirtualService("reviews", "- route: [{destination: {host: reviews}}]\n  retries: {attempts: 0}"));
        var revision = await _ingress.ApplyAsync("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec: {host: reviews, trafficPolicy: {outlierDetection: {consecutive5xxErrors: 2, interval: 1s, baseEjectionTime: 10m}}}
            """);
        await _ingress.WaitForRevisionAsync(revision);
        for (var i = 0; i < 40 && _failing.Requests < 2; i++)
        {
            using var _ = await _ingress.SendAsync(HttpMethod.Get, "/");
        }

        using var response = await _ingress.Admin.GetAsync("/stats/prometheus");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("# TYPE gatewaymesh_proxy_ejected_endpoints gauge\n", text);
        Assert.Contains("gatewaymesh_proxy_ejected_endpoints{cluster=\"outbound|||reviews.default.svc.cluster.local\"} 1\n", text);
        Assert.Contains("# TYPE gatewaymesh_proxy_ejections_total counter\n", text);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter\n", text);
        Assert.Contains("# TYPE dotnet_process_cpu_time_seconds_total counter\n", text);
        Assert.Contains("# TYPE dotnet_process_memory_working_set_bytes gauge\n", text);
        Assert.DoesNotContain("otel_scope_name", text);
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line =>
            Assert.Matches(@"^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*|[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? -?[0-9.e+E-]+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \+Inf)$", line));
    }

    [Fact]
    public async Task StatsPrometheus_Post_IsRefused()
    {
        using var response = await _ingress.Admin.PostAsync("/stats/prometheus", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
