using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.State;
using GatewayMesh.Proxy.Telemetry.Config;
using GatewayMesh.Proxy.Telemetry.Metrics;
using GatewayMesh.Proxy.Telemetry.Peers;

namespace GatewayMesh.Proxy.Telemetry.Steps;

/// <summary>
/// Istio's TCP metrics of the streams that are not requests (the sidecar's CONNECT tunnels): the edge is this proxy's
/// workload to the picked endpoint's (<c>unknown</c> outside the registry), the routed service (or
/// <c>PassthroughCluster</c>), protocol <c>tcp</c>. Tunnels are plaintext TCP, so principals and the security policy are
/// <c>unknown</c> on this side, as Istio reports the client side. Opening counts the connection; the returned observer
/// adds the bytes each way and the close.
/// </summary>
public sealed class TcpStreamRecorder(ProxyState state, MeshWorkloads workloads, IstioMetricsRecorder metrics, TelemetryDefaults defaults) : ITcpStreamRecorder
{
    private readonly TelemetryPolicy _defaultPolicy = TelemetryPolicy.FromDefaults(defaults);

    public ITcpStreamObserver? Open(in TcpStreamStart stream)
    {
        var reporter = stream.Listener == ProxyListener.SidecarInbound ? Reporter.Destination : Reporter.Source;
        var enabled = (state.Current.Feature<TelemetryPolicy>() ?? _defaultPolicy).For(reporter).Metrics;
        var record = new MetricRecord
        {
            Reporter = reporter,
            Source = reporter == Reporter.Source ? workloads.Self : WorkloadInfo.UnknownWorkload,
            Destination = stream.Endpoint is { } endpoint ? workloads.WorkloadOf(endpoint) : reporter == Reporter.Destination ? workloads.Self : WorkloadInfo.UnknownWorkload,
            Service = stream.ClusterName == ServiceInfo.PassthroughClusterName ? ServiceInfo.Passthrough : ServiceInfo.ForHost(stream.ServiceHost),
            Protocol = RequestProtocol.Tcp,
            Security = reporter == Reporter.Destination ? ConnectionSecurity.None : ConnectionSecurity.Unknown,
            GrpcStatus = -1,
        };

        return metrics.OpenTcp(record, enabled) is { } edge ? new TcpEdgeStream(edge, enabled) : null;
    }
}
