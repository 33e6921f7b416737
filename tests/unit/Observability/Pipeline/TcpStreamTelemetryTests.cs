using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Telemetry.Metrics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.UnitTests.Observability.Pipeline;

/// <summary>Upgraded streams and TCP tunnels: counted as TCP edges with their bytes, opens and closes.</summary>
public sealed class TcpStreamTelemetryTests : TelemetryPipelineHarness
{
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

    /// <summary>A client's upgraded stream: reads <paramref name="sent"/>, then takes whatever is written back.</summary>
    private static MemoryStream ClientStream(ReadOnlySpan<byte> sent)
    {
        var stream = new MemoryStream();
        stream.Write(sent);
        stream.Position = 0;
        return stream;
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
}
