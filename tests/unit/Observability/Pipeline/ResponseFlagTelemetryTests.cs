using GatewayMesh.Proxy.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.UnitTests.Observability.Pipeline;

/// <summary>The response flag and code each failure kind records, on the edge and in the access log, as Envoy names them.</summary>
public sealed class ResponseFlagTelemetryTests : TelemetryPipelineHarness
{
    [Theory]
    [InlineData(ResponseFlags.NoHealthyUpstream, 503, "UH")]
    [InlineData(ResponseFlags.UpstreamConnectionFailure, 503, "UF")]
    [InlineData(ResponseFlags.UpstreamOverflow, 503, "UO")]
    [InlineData(ResponseFlags.UpstreamRetryLimitExceeded | ResponseFlags.UpstreamConnectionFailure, 503, "UF,URX")]
    [InlineData(ResponseFlags.UpstreamConnectionTermination, 502, "UC")]
    [InlineData(ResponseFlags.UpstreamRequestTimeout, 504, "UT")]
    [InlineData(ResponseFlags.NoRoute, 404, "NR")]
    [InlineData(ResponseFlags.FaultInjected, 500, "FI")]
    [InlineData(ResponseFlags.DelayInjected, 200, "DI")]
    [InlineData(ResponseFlags.RateLimited, 429, "RL")]
    [InlineData(ResponseFlags.UnauthorizedExternalService, 403, "UAEX")]
    [InlineData(ResponseFlags.RbacAccessDenied, 403, "-")]
    public async Task FailureKinds_RecordedWithEnvoysFlag(ResponseFlags flags, int code, string label)
    {
        var (pipelines, metrics) = Build(Sidecar(), services =>
        {
            services.AddSingleton(new FailProbe(flags, code));
            services.AddProxyStep<FailProbe>(PipelineStage.Forward, ProxyListeners.All);
        }, accessLog: true);

        await pipelines.SidecarOutbound.RunAsync(Context());

        var edge = Assert.Single(metrics.Edges).Key;
        Assert.Equal(code, edge.ResponseCode);
        Assert.Equal(label, ResponseFlagsFormat.ToEnvoyString(edge.Flags));
        await Writer.DisposeAsync(); // flushes the queued line
        Assert.Contains($"\" {code} {label} test_failure - \"", AccessLog.ToString());
    }

    [Fact]
    public async Task Outbound_FaultAbortAfterTheEndpointWasPicked_DestinationWorkloadUnknown_RoutedServiceKept()
    {
        // As Istio reports an injected abort on the client side: Envoy's fault filter answers before the router picks
        // a host, so no peer names the destination workload; the route's cluster still names the service.
        var (pipelines, metrics) = Build(Sidecar(), services =>
        {
            services.AddProxyStep<PickRatingsProbe>(PipelineStage.PickEndpoint, ProxyListeners.All);
            services.AddSingleton(new FailProbe(ResponseFlags.FaultInjected, 500));
            services.AddProxyStep<FailProbe>(PipelineStage.Forward, ProxyListeners.All);
        });

        await pipelines.SidecarOutbound.RunAsync(Context());

        var edge = Assert.Single(metrics.Edges).Key;
        Assert.Same(WorkloadInfo.UnknownWorkload, edge.Destination);
        Assert.Equal(("ratings", "ratings.default.svc.cluster.local"), (edge.Service.Name, edge.Service.Host));
        Assert.Null(edge.DestinationPrincipal);
        Assert.Equal((500, "FI"), (edge.ResponseCode, ResponseFlagsFormat.ToEnvoyString(edge.Flags)));
    }

    [Fact]
    public async Task ClientGoesAway_RecordedAsDc()
    {
        var (pipelines, metrics) = Build(Sidecar(), services => services.AddProxyStep<AbortProbe>(PipelineStage.Forward, ProxyListeners.All));
        var context = Context();
        using var aborted = new CancellationTokenSource();
        context.RequestAborted = aborted.Token;
        await aborted.CancelAsync();

        await pipelines.SidecarInbound.RunAsync(context);

        var edge = Assert.Single(metrics.Edges).Key;
        Assert.Equal("DC", ResponseFlagsFormat.ToEnvoyString(edge.Flags));
        Assert.Equal(0, edge.ResponseCode); // nothing was sent
    }
}
