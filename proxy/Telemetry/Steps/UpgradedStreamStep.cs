using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Telemetry.Metrics;
using Microsoft.AspNetCore.Http.Features;

namespace GatewayMesh.Proxy.Telemetry.Steps;

/// <summary>
/// Before an upgradable request (an HTTP/1.1 <c>Upgrade: websocket</c>, an HTTP/2 extended CONNECT) is forwarded, on
/// every listener: wraps the request's upgrade feature so that, once the upstream accepts the upgrade and the forwarder
/// takes the client's stream, the stream is counted as a TCP connection on this request's edge (Istio's
/// <c>istio_tcp_*</c>, labelled as the request's own metrics are, protocol <c>tcp</c>) with its bytes each way as they
/// move and its close. The handshake itself is still recorded as a request (101) by the record step. Other requests pay
/// two feature reads.
/// </summary>
public sealed class UpgradedStreamStep(TelemetryRecorder recorder, IstioMetricsRecorder metrics) : IProxyStep
{
    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        var features = request.Http.Features;
        if (features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            features.Set<IHttpUpgradeFeature>(Observe(upgrade, request));
        }
        else if (features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
        {
            features.Set<IHttpExtendedConnectFeature>(Observe(connect, request));
        }

        return new(StepResult.Continue);
    }

    // The closures live in these two methods so that requests that are not upgrades allocate nothing.
    private ObservedUpgradeFeature Observe(IHttpUpgradeFeature upgrade, ProxyRequest request) => new(upgrade, () => Open(request));

    private ObservedExtendedConnectFeature Observe(IHttpExtendedConnectFeature connect, ProxyRequest request) => new(connect, () => Open(request));

    /// <summary>Runs while the forward step still holds the request (the forwarder upgrades inside it).</summary>
    private TcpEdgeStream? Open(ProxyRequest request)
    {
        var enabled = recorder.SideOf(request).Metrics;
        return metrics.OpenTcp(recorder.Describe(request), enabled) is { } edge ? new TcpEdgeStream(edge, enabled) : null;
    }
}
