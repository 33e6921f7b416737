using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.Proxy.State;

/// <summary>
/// <see cref="IInboundMtlsPolicy"/> from the PeerAuthentication policies compiled into the proxy's current
/// <see cref="AppliedConfig"/>: one volatile read per call, so a policy change applies from the next connection.
/// <c>portLevelMtls</c> keys name the workload's container ports, as in Istio where the inbound listener intercepts
/// them: a connection the pod's iptables rules redirected is judged by the port it was dialled on; any other connection
/// to the inbound listener by the workload's target port <paramref name="targetPort"/> (the app's port, <c>--app-port</c>).
/// </summary>
public sealed class SidecarInboundMtlsPolicy(ProxyState state, int targetPort) : IInboundMtlsPolicy
{
    public int TargetPort => targetPort;

    public MutualTlsMode ModeFor(int localPort, int? dialledPort) => state.Current.Security.PeerAuthentication.ModeFor(dialledPort ?? targetPort);
}
