using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.Proxy.State;

/// <summary>
/// <see cref="IInboundMtlsPolicy"/> from the PeerAuthentication policies compiled into the proxy's current
/// <see cref="AppliedConfig"/>: one volatile read per call, so a policy change applies from the next connection.
/// A sidecar's inbound listener fronts exactly one app port, so every inbound local port maps to the workload's
/// target port <paramref name="targetPort"/> (the app's port, <c>--app-port</c>), which is what <c>portLevelMtls</c>
/// keys name, as in Istio where the inbound listener intercepts the pod's container port.
/// </summary>
public sealed class SidecarInboundMtlsPolicy(ProxyState state, int targetPort) : IInboundMtlsPolicy
{
    public int TargetPort => targetPort;

    public MutualTlsMode ModeFor(int localPort) => state.Current.Security.PeerAuthentication.ModeFor(targetPort);
}
