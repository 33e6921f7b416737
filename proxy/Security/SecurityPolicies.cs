using GatewayMesh.Proxy.Security.Authorization;
using GatewayMesh.Proxy.Security.Mtls;

namespace GatewayMesh.Proxy.Security;

/// <summary>
/// The security policies one proxy enforces, compiled from one snapshot: the inbound mTLS modes (PeerAuthentication)
/// and the authorization engine (AuthorizationPolicy). Immutable; part of <see cref="Forwarding.AppliedConfig"/>.
/// </summary>
public sealed record SecurityPolicies(EffectiveMtls PeerAuthentication, AuthorizationEngine Authorization)
{
    public static SecurityPolicies Default { get; } = new(EffectiveMtls.Default, AuthorizationEngine.Empty);
}
