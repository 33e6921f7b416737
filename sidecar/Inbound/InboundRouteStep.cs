using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Sidecar.Capture;
using GatewayMesh.Sidecar.Settings;

namespace GatewayMesh.Sidecar.Inbound;

/// <summary>
/// Match, on the inbound listener: every request goes to the local app, Envoy's <c>inbound|port||</c> cluster, named
/// for the workload port, or under iptables capture for the port the connection was dialled on.
/// </summary>
internal sealed class InboundRouteStep(SidecarOptions options) : IProxyStep
{
    public const string RouteName = "inbound";

    private readonly string _clusterName = $"inbound|{options.AppPort}||";
    private readonly bool _capture = options.CapturesIptables;

    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        request.RouteName = RouteName;
        request.ClusterName = _capture && request.Http.Features.Get<OriginalDestination>() is { } original && original.Port != options.AppPort
            ? original.InboundCluster
            : _clusterName;
        return new(StepResult.Continue);
    }
}
