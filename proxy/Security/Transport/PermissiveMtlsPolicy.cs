using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.Proxy.Security.Transport;

/// <summary>The inbound policy when no PeerAuthentication evaluation is registered: PERMISSIVE on every port, as Istio's default.</summary>
public sealed class PermissiveMtlsPolicy : IInboundMtlsPolicy
{
    public static PermissiveMtlsPolicy Instance { get; } = new();

    public MutualTlsMode ModeFor(int localPort, int? dialledPort) => MutualTlsMode.Permissive;
}
