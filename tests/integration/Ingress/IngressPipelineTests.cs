using System.Net;
using System.Threading.Channels;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.Proxy.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ingress;

/// <summary>
/// The request pipeline's contract through a real ingress (Kestrel, Redis, a real upstream): what a record step sees
/// after each response (route, cluster, endpoint, attempts) and the response flags each step sets at the source.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class IngressPipelineTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly RecordedRequests _recorded = new();
    private IngressHarness _ingress = null!;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis, services =>
        {
            services.AddSingleton(_recorded);
            services.AddRequestRecorder<RecordedRequests>(ProxyListeners.Ingress);
        });
        await _ingress.AddUpstreamAsync("productpage", "productpage-v1");
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
    }

    public async Task DisposeAsync() => await _ingress.DisposeAsync();

    [Fact]
    public async Task Record_RoutedRequest_RouteClusterEndpointAndNoFlags()
    {
        await RouteAsync("- route: [{destination: {host: productpage}}]");

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/");
        var record = await _recorded.NextAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, record.Status);
        Assert.Equal("-", record.Flags);
        Assert.Equal("default/site/0", record.Route);
        Assert.Equal("outbound|||productpage.default.svc.cluster.local", record.Cluster);
        Assert.StartsWith("127.0.0.1:", record.Endpoint);
        Assert.Equal(1, record.Attempts);
        Assert.Equal(Reporter.Source, record.Reporter);
        Assert.True(record.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task Record_NoRuleMatches_404WithNR()
    {
        await RouteAsync("""
            - match: [{uri: {prefix: /known}}]
              route: [{destination: {host: productpage}}]
            """);

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/unknown");
        var record = await _recorded.NextAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NR", record.Flags);
    }

    [Fact]
    public async Task Record_DestinationWithoutCluster_503WithNC()
    {
        await RouteAsync("- route: [{destination: {host: nowhere}}]");

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/");
        var record = await _recorded.NextAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("NC", record.Flags);
    }

    [Fact]
    public async Task Record_FaultAbort_StatusWithFI()
    {
        await RouteAsync("""
            - fault: {abort: {httpStatus: 418, percentage: {value: 100}}}
              route: [{destination: {host: productpage}}]
            """);

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/");
        var record = await _recorded.NextAsync();

        Assert.Equal(418, (int)response.StatusCode);
        Assert.Equal("FI", record.Flags);
    }

    [Fact]
    public async Task Record_AuthorizationPolicyDenies_403WithRbacFlagAndPolicy()
    {
        await _ingress.ApplyAsync("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: deny-admin, namespace: istio-system}
            spec:
              selector: {matchLabels: {istio: ingressgateway}}
              action: DENY
              rules: [{to: [{operation: {paths: ["/admin"]}}]}]
            """);
        await RouteAsync("- route: [{destination: {host: productpage}}]");

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/admin");
        var record = await _recorded.NextAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("RBAC", record.Flags);
        Assert.Equal("rbac_access_denied_matched_policy[istio-system/deny-admin]", record.Details);
    }

    private async Task RouteAsync(string httpRules) =>
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(IngressConfigs.VirtualService("site", httpRules)));

    private sealed record Record(int Status, string Flags, string? Route, string? Cluster, string? Endpoint, int Attempts, Reporter Reporter, TimeSpan Duration, string? Details);

    /// <summary>A record step that copies what it sees (the request context is pooled) into a channel the test reads.</summary>
    private sealed class RecordedRequests : IRequestRecorder
    {
        private readonly Channel<Record> _records = Channel.CreateUnbounded<Record>();

        public void Record(ProxyRequest request) => _records.Writer.TryWrite(new Record(
            request.Http.Response.StatusCode,
            ResponseFlagsFormat.ToEnvoyString(request.Flags),
            request.RouteName,
            request.ClusterName,
            request.Endpoint?.ToString(),
            request.Attempts,
            request.Reporter,
            TimeProvider.System.GetElapsedTime(request.StartTimestamp, request.EndTimestamp),
            request.ResponseCodeDetails));

        public async Task<Record> NextAsync() => await _records.Reader.ReadAsync().AsTask().WaitAsync(IngressHarness.Timeout);
    }
}
