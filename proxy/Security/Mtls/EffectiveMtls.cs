using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Security.Mtls;

/// <summary>
/// The mutual TLS modes one workload accepts, resolved from its PeerAuthentication policies: <see cref="Mode"/> for
/// every port, except the <see cref="Ports"/> overrides keyed by the workload's target port. Never
/// <see cref="MutualTlsMode.Unset"/>. <see cref="Sources"/> names the policies that decided it (for /debug/authz).
/// </summary>
public sealed record EffectiveMtls(MutualTlsMode Mode, ValueMap<int, MutualTlsMode> Ports, ValueList<string> Sources)
{
    /// <summary>No policy: PERMISSIVE, as in Istio.</summary>
    public static EffectiveMtls Default { get; } = new(MutualTlsMode.Permissive, default, default);

    public MutualTlsMode ModeFor(int targetPort) =>
        Ports.IsEmpty || !Ports.Items.TryGetValue(targetPort, out var mode) ? Mode : mode;
}
