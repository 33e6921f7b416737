using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Sidecar.Settings;

namespace GatewayMesh.Sidecar.Inbound;

/// <summary>Match, on the inbound listener: every request goes to the local app, Envoy's <c>inbound|port||</c> cluster.</summary>
internal sealed class InboundRouteStep(SidecarOptions options) : IProxyStep
{
    public const string RouteName = "inbound";

    private readonly string _clusterName = $"inbound|{options.AppPort}||";

    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        request.RouteName = RouteName;
        request.ClusterName = _clusterName;
        return new(StepResult.Continue);
    }
}
