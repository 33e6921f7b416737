using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Blocks.InMemory;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;
using GatewayMesh.Proxy.Telemetry.AccessLog;
using GatewayMesh.Proxy.Telemetry.Metrics;
using GatewayMesh.Proxy.Telemetry.Peers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using Endpoint = GatewayMesh.Proxy.Clusters.Endpoint;

namespace GatewayMesh.UnitTests.Observability;

/// <summary>
/// The telemetry steps and record step on real pipelines (the engine's <see cref="ProxyPipelines"/>, the steps
/// <c>AddMeshTelemetry</c> registers), with probe steps standing in for routing: the label values each side fills —
/// reporter, workloads from peer metadata and endpoints, security policy, principals — and the response flag of each
/// failure kind, as the pre-aggregated edges hold them.
/// </summary>
public sealed class TelemetryPipelineTests : IAsyncDisposable
{
    private static readonly ValueMap<string, string> ReviewsLabels = Labels(("app", "reviews"), ("version", "v2"));
    private static readonly Endpoint RatingsEndpoint = new("10.0.0.7", 9080, Labels(("app", "ratings"), ("version", "v1")), "ratings-v1-abc", "bookinfo-ratings", "default");
    private static readonly Endpoint RatingsV2Endpoint = new("10.0.0.8", 9080, Labels(("app", "ratings"), ("version", "v2")), "ratings-v2-def", "bookinfo-ratings", "default");

    private readonly InMemoryMeshState _mesh = new();
    private readonly SnapshotWatcher _watcher;
    private readonly FakeTimeProvider _time = new();
    private readonly StringWriter _log = new();
    private readonly AccessLogWriter _writer;

    public TelemetryPipelineTests()
    {
        _watcher = new SnapshotWatcher(new InMemoryMeshStateReader(_mesh), _mesh.PubSub);
        _writer = new AccessLogWriter(_log);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _watcher.DisposeAsync();
    }

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
        await _writer.DisposeAsync(); // flushes the queued line
        Assert.Contains($"\" {code} {label} test_failure - \"", _log.ToString());
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

    [Fact]
    public async Task Outbound_WebSocketUpgrade_StreamCountedAsTcpOnTheRequestsEdge_HandshakeAsA101Request()
    {
        var (pipelines, metrics) = Build(Sidecar(), services =>
        {
            services.AddProxyStep<PickRatingsProbe>(PipelineStage.PickEndpoint, ProxyListeners.All);
            services.AddProxyStep<UpgradeProbe>(PipelineStage.Forward, ProxyListeners.All);
        });
        var context = Context();
        context.Features.Set<IHttpUpgradeFeature>(new FakeUpgrade(ClientStream("hello"u8))); // what the client sends after the handshake

        await pipelines.SidecarOutbound.RunAsync(context);

        Assert.Equal(101, Assert.Single(metrics.Edges, e => e.Key.Protocol == RequestProtocol.Http).Key.ResponseCode);
        var (edge, stats) = Assert.Single(metrics.Edges, e => e.Key.Protocol == RequestProtocol.Tcp);
        Assert.Equal(Reporter.Source, edge.Reporter);
        Assert.Equal("reviews-v2", edge.Source.Name);
        Assert.Equal("ratings-v1", edge.Destination.Name);
        Assert.Equal("ratings", edge.Service.Name);
        Assert.Equal((1, 1, 5, 7), (stats.TcpOpened, stats.TcpClosed, stats.TcpReceivedBytes, stats.TcpSentBytes));
    }

    [Fact]
    public async Task Inbound_Http2ExtendedConnect_StreamCountedAsTcpByTheDestination()
    {
        var (pipelines, metrics) = Build(Sidecar(), services => services.AddProxyStep<UpgradeProbe>(PipelineStage.Forward, ProxyListeners.All));
        var context = Context();
        context.Features.Set<IHttpExtendedConnectFeature>(new FakeExtendedConnect(ClientStream("hello, h2"u8)));

        await pipelines.SidecarInbound.RunAsync(context);

        var (edge, stats) = Assert.Single(metrics.Edges, e => e.Key.Protocol == RequestProtocol.Tcp);
        Assert.Equal(Reporter.Destination, edge.Reporter);
        Assert.Equal("reviews-v2", edge.Destination.Name);
        Assert.Equal(ConnectionSecurity.None, edge.Security);
        Assert.Equal((1, 1, 9, 7), (stats.TcpOpened, stats.TcpClosed, stats.TcpReceivedBytes, stats.TcpSentBytes));
    }

    [Fact]
    public void TcpStreamRecorder_MeshTunnelAndPassthroughTunnel_OneEdgeEachWithBytesAndOneClose()
    {
        var provider = BuildProvider(Sidecar(), _ => { });
        var recorder = provider.GetRequiredService<ITcpStreamRecorder>();
        var metrics = provider.GetRequiredService<IstioMetricsRecorder>();

        var mesh = recorder.Open(new TcpStreamStart(ProxyListener.SidecarOutbound, RatingsEndpoint, "ratings.default.svc.cluster.local", "outbound|9080||ratings.default.svc.cluster.local"))!;
        mesh.Received(10);
        mesh.Sent(300);
        mesh.Received(5);
        mesh.Closed();
        mesh.Closed();
        var passthrough = recorder.Open(new TcpStreamStart(ProxyListener.SidecarOutbound, null, null, "PassthroughCluster"))!;
        passthrough.Sent(1);

        var meshEdge = Assert.Single(metrics.Edges, e => e.Key.Service.Name == "ratings");
        Assert.Equal(RequestProtocol.Tcp, meshEdge.Key.Protocol);
        Assert.Equal("reviews-v2", meshEdge.Key.Source.Name);
        Assert.Equal("ratings-v1", meshEdge.Key.Destination.Name);
        Assert.Equal(ConnectionSecurity.Unknown, meshEdge.Key.Security);
        Assert.Null(meshEdge.Key.SourcePrincipal); // a tunnel is plaintext TCP
        Assert.Equal((1, 1, 15, 300), (meshEdge.Value.TcpOpened, meshEdge.Value.TcpClosed, meshEdge.Value.TcpReceivedBytes, meshEdge.Value.TcpSentBytes));
        var passthroughEdge = Assert.Single(metrics.Edges, e => e.Key.Service == ServiceInfo.Passthrough);
        Assert.Equal(WorkloadInfo.Unknown, passthroughEdge.Key.Destination.Name);
        Assert.Equal((1, 0, 0, 1), (passthroughEdge.Value.TcpOpened, passthroughEdge.Value.TcpClosed, passthroughEdge.Value.TcpReceivedBytes, passthroughEdge.Value.TcpSentBytes));
    }

    [Fact]
    public async Task BodyCounting_ChunkedRequestRead_ResponseByStreamAndPipe_CountedIntoTheRequestBeforeAnyRecorder()
    {
        // Issue 13: the counter adds the bytes to ProxyRequest as they move, so even a recorder that runs before
        // telemetry's (Mixer's report) sees them; the edge's size histograms get the same figures.
        var provider = BuildProvider(
            Sidecar(),
            services => services.AddProxyStep<BodyEchoProbe>(PipelineStage.Forward, ProxyListeners.All),
            first: services => services.AddRequestRecorder<BodySizeProbe>(ProxyListeners.All));
        var context = Context();
        var requestBody = new MemoryStream(new byte[3_000]); // no Content-Length: counted as read
        var responseBody = (MemoryStream)context.Response.Body;
        context.Request.Body = requestBody;

        await provider.GetRequiredService<ProxyPipelines>().SidecarInbound.RunAsync(context);

        Assert.Equal((3_000L, 12L), provider.GetRequiredService<BodySizeProbe>().Seen);
        var stats = Assert.Single(provider.GetRequiredService<IstioMetricsRecorder>().Edges).Value;
        Assert.Equal(3_000, stats.RequestSize!.AddTo(new long[stats.RequestSize.Bounds.ScaledBounds.Length + 1]));
        Assert.Equal(12, stats.ResponseSize!.AddTo(new long[stats.ResponseSize.Bounds.ScaledBounds.Length + 1]));
        Assert.Equal(12, responseBody.Length);
        Assert.Same(requestBody, context.Request.Body); // the request's own bodies are back after the recorders
        Assert.Same(responseBody, context.Response.Body);
    }

    [Fact]
    public async Task BodyCounting_DeclaredBodiesNeverRead_DeclaredLengthsRecorded()
    {
        var provider = BuildProvider(Sidecar(), services => services.AddProxyStep<AnswerProbe>(PipelineStage.Forward, ProxyListeners.All));
        var context = Context();
        context.Request.Method = "POST";
        context.Request.ContentLength = 50;
        context.Request.Body = new MemoryStream(new byte[50]);

        await provider.GetRequiredService<ProxyPipelines>().SidecarInbound.RunAsync(context);

        var stats = Assert.Single(provider.GetRequiredService<IstioMetricsRecorder>().Edges).Value;
        Assert.Equal(50, stats.RequestSize!.AddTo(new long[stats.RequestSize.Bounds.ScaledBounds.Length + 1]));
        Assert.Equal(0, stats.ResponseSize!.AddTo(new long[stats.ResponseSize.Bounds.ScaledBounds.Length + 1]));
    }

    private (ProxyPipelines Pipelines, IstioMetricsRecorder Metrics) Build(ProxyIdentity identity, Action<IServiceCollection> configure, bool accessLog = false)
    {
        var provider = BuildProvider(identity, configure, accessLog);
        return (provider.GetRequiredService<ProxyPipelines>(), provider.GetRequiredService<IstioMetricsRecorder>());
    }

    private ServiceProvider BuildProvider(ProxyIdentity identity, Action<IServiceCollection> configure, bool accessLog = false, Action<IServiceCollection>? first = null)
    {
        var services = new ServiceCollection();
        first?.Invoke(services);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(new ProxyState(identity, _watcher, new ClusterState()));
        services.AddSingleton<ProxyPipelines>();
        services.AddSingleton(new Proxy.Telemetry.Config.TelemetryDefaults { AccessLog = accessLog });
        services.AddSingleton(_writer);
        services.AddMeshTelemetry();
        configure(services);
        return services.BuildServiceProvider();
    }

    private static ProxyIdentity Sidecar() => ProxyIdentity.Sidecar("reviews", "default", ReviewsLabels);

    private static DefaultHttpContext Context(X509Certificate2? clientCertificate = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.ClientCertificate = clientCertificate;
        context.Request.Method = "GET";
        context.Request.Path = "/ratings/0";
        context.Request.Host = new HostString("ratings:9080");
        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>A client certificate naming <paramref name="spiffeId"/> (the handshake's verification is not under test here).</summary>
    private static X509Certificate2 PeerCertificate(string spiffeId)
    {
        var notBefore = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var root = TestCertificates.CreateRoot("CN=test mesh root", notBefore, notBefore.AddYears(1));
        return TestCertificates.Issue(root, "CN=peer", names => names.AddUri(new Uri(spiffeId)), ["1.3.6.1.5.5.7.3.2"], notBefore, notBefore.AddYears(1));
    }

    /// <summary>A client's upgraded stream: reads <paramref name="sent"/>, then takes whatever is written back.</summary>
    private static MemoryStream ClientStream(ReadOnlySpan<byte> sent)
    {
        var stream = new MemoryStream();
        stream.Write(sent);
        stream.Position = 0;
        return stream;
    }

    private static ValueMap<string, string> Labels(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    /// <summary>Reads the whole request body, then answers 5 bytes through the response stream and 7 through its pipe writer.</summary>
    private sealed class BodyEchoProbe : IProxyStep
    {
        public async ValueTask<StepResult> InvokeAsync(ProxyRequest request)
        {
            var buffer = new byte[1_024];
            while (await request.Http.Request.Body.ReadAsync(buffer) > 0)
            {
            }

            request.Http.Response.StatusCode = 200;
            await request.Http.Response.Body.WriteAsync(new byte[5]);
            await request.Http.Response.BodyWriter.WriteAsync(new byte[7]);
            return StepResult.Stop;
        }
    }

    /// <summary>A recorder registered before telemetry's: the body sizes it sees.</summary>
    private sealed class BodySizeProbe : IRequestRecorder
    {
        public (long Request, long Response) Seen { get; private set; }

        public void Record(ProxyRequest request) => Seen = (request.RequestBodyBytes, request.ResponseBodyBytes);
    }

    private sealed class AnswerProbe : IProxyStep
    {
        public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
        {
            request.Http.Response.StatusCode = 200;
            return new(StepResult.Stop);
        }
    }

    /// <summary>Stands in for the forwarder of an upgrade: takes the client's stream, reads it to its end, answers 7 bytes, disposes it.</summary>
    private sealed class UpgradeProbe : IProxyStep
    {
        public async ValueTask<StepResult> InvokeAsync(ProxyRequest request)
        {
            var features = request.Http.Features;
            request.Http.Response.StatusCode = 101;
            await using var stream = features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade
                ? await upgrade.UpgradeAsync()
                : await features.Get<IHttpExtendedConnectFeature>()!.AcceptAsync();
            var buffer = new byte[3];
            while (await stream.ReadAsync(buffer) > 0)
            {
            }

            await stream.WriteAsync("goodbye"u8.ToArray());
            return StepResult.Stop;
        }
    }

    private sealed class FakeUpgrade(Stream stream) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => true;

        public Task<Stream> UpgradeAsync() => Task.FromResult(stream);
    }

    private sealed class FakeExtendedConnect(Stream stream) : IHttpExtendedConnectFeature
    {
        public bool IsExtendedConnect => true;

        public string? Protocol => "websocket";

        public ValueTask<Stream> AcceptAsync() => ValueTask.FromResult(stream);
    }

    private sealed class PickRatingsProbe : IProxyStep
    {
        public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
        {
            request.Destination = new WeightedDestination(new ClusterKey("ratings.default.svc.cluster.local", null, 9080), 100, default!);
            request.ClusterName = request.Destination.Cluster.ToString();
            request.Endpoint = RatingsEndpoint;
            return new(StepResult.Continue);
        }
    }

    /// <summary>Stands in for a forward whose first attempt failed and whose retry was answered by another endpoint.</summary>
    private sealed class RetryToRatingsV2Probe : IProxyStep
    {
        public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
        {
            request.Attempts = 2;
            request.Retries = 1;
            request.Endpoint = RatingsV2Endpoint;
            request.Http.Response.StatusCode = 200;
            return new(StepResult.Stop);
        }
    }

    private sealed class FailProbe(ResponseFlags flags, int code) : IProxyStep
    {
        public ValueTask<StepResult> InvokeAsync(ProxyRequest request) =>
            LocalReply.SendAsync(request, code, "failed", flags, "test_failure");
    }

    private sealed class AbortProbe : IProxyStep
    {
        public ValueTask<StepResult> InvokeAsync(ProxyRequest request) => throw new OperationCanceledException(request.Http.RequestAborted);
    }
}
