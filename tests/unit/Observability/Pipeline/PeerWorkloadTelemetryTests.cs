using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Telemetry.Metrics;
using GatewayMesh.Proxy.Telemetry.Peers;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.UnitTests.Observability.Pipeline;

/// <summary>Who the edges name: the source from peer metadata only when mTLS vouches for it, the destination from the endpoint that answered, the gateway for outside callers.</summary>
public sealed class PeerWorkloadTelemetryTests : TelemetryPipelineHarness
{
    [Fact]
    public async Task Inbound_PeerMetadataOverMtls_NamesTheSource_AndNeverReachesTheApp()
    {
        var caller = WorkloadInfo.From("productpage-v1", "default", Labels(("app", "productpage"), ("version", "v1")), "Kubernetes", "bookinfo-productpage");
        var (pipelines, metrics) = Build(Sidecar(), services => services.AddProxyStep<AnswerProbe>(PipelineStage.Forward, ProxyListeners.All));
        using var certificate = PeerCertificate("spiffe://cluster.local/ns/default/sa/bookinfo-productpage");
        var context = Context(certificate);
        context.Request.Headers[PeerMetadata.HeaderName] = PeerMetadata.Encode(caller, "cluster.local");
        context.Request.Headers[PeerMetadata.IdHeaderName] = "sidecar~10.0.0.1~productpage-v1.default~default.svc.cluster.local";

        await pipelines.SidecarInbound.RunAsync(context);

        Assert.False(context.Request.Headers.ContainsKey(PeerMetadata.HeaderName));
        Assert.False(context.Request.Headers.ContainsKey(PeerMetadata.IdHeaderName));
        var edge = Assert.Single(metrics.Edges).Key;
        Assert.Equal(Reporter.Destination, edge.Reporter);
        Assert.Same(caller, edge.Source);
        Assert.Equal("reviews-v2", edge.Destination.Name);
        Assert.Equal("reviews", edge.Destination.App);
        Assert.Equal("reviews.default.svc.cluster.local", edge.Service.Host);
        Assert.Equal(ConnectionSecurity.MutualTls, edge.Security);
        Assert.Equal("spiffe://cluster.local/ns/default/sa/bookinfo-productpage", edge.SourcePrincipal);
        Assert.Equal(200, edge.ResponseCode);
        Assert.Equal(ResponseFlags.None, edge.Flags);
    }

    [Fact]
    public async Task Inbound_PeerMetadataOverPlaintext_NotBelieved_AndNeverReachesTheApp()
    {
        var claimed = WorkloadInfo.From("productpage-v1", "default", Labels(("app", "productpage"), ("version", "v1")), "Kubernetes", "bookinfo-productpage");
        var (pipelines, metrics) = Build(Sidecar(), services => services.AddProxyStep<AnswerProbe>(PipelineStage.Forward, ProxyListeners.All));
        var context = Context(); // anyone who reaches the inbound port without a certificate can write the header
        context.Request.Headers[PeerMetadata.HeaderName] = PeerMetadata.Encode(claimed, "cluster.local");
        context.Request.Headers[PeerMetadata.IdHeaderName] = "sidecar~10.0.0.1~productpage-v1.default~default.svc.cluster.local";

        await pipelines.SidecarInbound.RunAsync(context);

        Assert.False(context.Request.Headers.ContainsKey(PeerMetadata.HeaderName));
        Assert.False(context.Request.Headers.ContainsKey(PeerMetadata.IdHeaderName));
        var edge = Assert.Single(metrics.Edges).Key;
        Assert.Equal(WorkloadInfo.Unknown, edge.Source.Name);
        Assert.Equal(ConnectionSecurity.None, edge.Security);
        Assert.Null(edge.SourcePrincipal);
    }

    [Theory]
    [InlineData("spiffe://cluster.local/ns/other/sa/bookinfo-productpage")] // another namespace's workload
    [InlineData("spiffe://cluster.local/ns/default/sa/sleep")] // same namespace, another identity
    public async Task Inbound_PeerMetadataTheCertificateDoesNotVouchFor_SourceIsUnknown(string peer)
    {
        var claimed = WorkloadInfo.From("productpage-v1", "default", Labels(("app", "productpage"), ("version", "v1")), "Kubernetes", "bookinfo-productpage");
        var (pipelines, metrics) = Build(Sidecar(), services => services.AddProxyStep<AnswerProbe>(PipelineStage.Forward, ProxyListeners.All));
        using var certificate = PeerCertificate(peer);
        var context = Context(certificate);
        context.Request.Headers[PeerMetadata.HeaderName] = PeerMetadata.Encode(claimed, "cluster.local");

        await pipelines.SidecarInbound.RunAsync(context);

        Assert.False(context.Request.Headers.ContainsKey(PeerMetadata.HeaderName));
        var edge = Assert.Single(metrics.Edges).Key;
        Assert.Equal(WorkloadInfo.Unknown, edge.Source.Name);
        Assert.Equal(ConnectionSecurity.MutualTls, edge.Security);
        Assert.Equal(peer, edge.SourcePrincipal);
    }

    [Fact]
    public async Task Inbound_MalformedOrMissingMetadata_SourceIsUnknown()
    {
        var (pipelines, metrics) = Build(Sidecar(), services => services.AddProxyStep<AnswerProbe>(PipelineStage.Forward, ProxyListeners.All));
        var odd = Context();
        odd.Request.Headers[PeerMetadata.HeaderName] = "not base64 \"} 1\nfake";
        await pipelines.SidecarInbound.RunAsync(odd);
        await pipelines.SidecarInbound.RunAsync(Context());

        var edge = Assert.Single(metrics.Edges);
        Assert.Equal(WorkloadInfo.Unknown, edge.Key.Source.Name);
        Assert.Equal(2, edge.Value.Requests);
    }

    [Fact]
    public async Task Outbound_ToAMeshEndpoint_SendsThisProxysMetadata_AndNamesTheEndpointsWorkload()
    {
        var (pipelines, metrics) = Build(Sidecar(), services =>
        {
            services.AddProxyStep<PickRatingsProbe>(PipelineStage.PickEndpoint, ProxyListeners.All);
            services.AddProxyStep<AnswerProbe>(PipelineStage.Forward, ProxyListeners.All);
        });
        var context = Context();
        context.Request.Headers[PeerMetadata.HeaderName] = "from-the-app"; // an app never speaks for its proxy

        await pipelines.SidecarOutbound.RunAsync(context);

        var sent = PeerMetadata.Decode(context.Request.Headers[PeerMetadata.HeaderName]);
        Assert.NotNull(sent);
        Assert.Equal("reviews-v2", sent.Name);
        Assert.Equal("default", sent.Namespace);
        var edge = Assert.Single(metrics.Edges).Key;
        Assert.Equal(Reporter.Source, edge.Reporter);
        Assert.Equal("reviews-v2", edge.Source.Name);
        Assert.Equal("ratings-v1", edge.Destination.Name);
        Assert.Equal("ratings", edge.Service.Name);
        Assert.Equal(ConnectionSecurity.Unknown, edge.Security); // the client side does not know the server's policy
    }

    [Fact]
    public async Task Outbound_RetryWentToAnotherEndpoint_DestinationWorkloadIsTheEndpointThatAnswered()
    {
        var (pipelines, metrics) = Build(Sidecar(), services =>
        {
            services.AddProxyStep<PickRatingsProbe>(PipelineStage.PickEndpoint, ProxyListeners.All);
            services.AddProxyStep<RetryToRatingsV2Probe>(PipelineStage.Forward, ProxyListeners.All);
        });

        await pipelines.SidecarOutbound.RunAsync(Context());

        var edge = Assert.Single(metrics.Edges).Key;
        Assert.Equal("ratings-v2", edge.Destination.Name); // not ratings-v1, the endpoint first addressed (and named by the mesh-hop step)
    }

    [Fact]
    public async Task Ingress_OutsideClaimsToBeAMeshWorkload_HeaderRemovedAndSourceIsTheGateway()
    {
        var (pipelines, metrics) = Build(ProxyIdentity.Ingress(Labels(("istio", "ingressgateway"))), services => services.AddProxyStep<AnswerProbe>(PipelineStage.Forward, ProxyListeners.All));
        var context = Context();
        context.Request.Headers[PeerMetadata.HeaderName] = PeerMetadata.Encode(WorkloadInfo.From("admin", "kube-system", default, "Kubernetes"), "cluster.local");

        await pipelines.Ingress.RunAsync(context);

        Assert.False(context.Request.Headers.ContainsKey(PeerMetadata.HeaderName)); // no endpoint picked: nothing sent on
        var edge = Assert.Single(metrics.Edges).Key;
        Assert.Equal("istio-ingressgateway", edge.Source.Name);
        Assert.Equal("istio-ingressgateway", edge.Source.App);
        Assert.Equal("istio-system", edge.Source.Namespace);
        Assert.Equal(WorkloadInfo.Unknown, edge.Destination.Name);
        Assert.Same(ServiceInfo.Unknown, edge.Service);
    }
}
