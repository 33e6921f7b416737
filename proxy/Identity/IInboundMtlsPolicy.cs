using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// The mutual TLS mode a proxy's inbound listener enforces, per local port, from the PeerAuthentication policies that
/// apply to this workload (mesh-wide, namespace, workload selector, port level; Istio's precedence). Read on every
/// accepted connection, so a policy change takes effect for the next connection. Never <see cref="MutualTlsMode.Unset"/>:
/// with no policy the answer is <see cref="MutualTlsMode.Permissive"/>, as in Istio.
/// </summary>
public interface IInboundMtlsPolicy
{
    /// <param name="localPort">The port of the listener that accepted the connection.</param>
    /// <param name="dialledPort">The port the client dialled, when the pod's iptables rules redirected the connection here (else null).</param>
    MutualTlsMode ModeFor(int localPort, int? dialledPort);
}
