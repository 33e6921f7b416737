namespace GatewayMesh.Proxy.Security.Enforcement;

/// <summary>How a proxy fills the request attributes that depend on where it sits.</summary>
public sealed record AuthorizationEnforcementOptions
{
    /// <summary>
    /// The sidecar's workload target port (the app's port): <c>destination.port</c> and <c>ports</c> match it, as in
    /// Istio where the inbound listener intercepts the container port. Null on the ingress: the listener's local port.
    /// </summary>
    public int? TargetPort { get; init; }

    /// <summary>
    /// True on the ingress: <c>remote.ip</c> and <c>remoteIpBlocks</c> read the first (leftmost) address of
    /// <c>X-Forwarded-For</c>, falling back to the peer address. The client writes that header, so it is not a security
    /// boundary; <c>ipBlocks</c>/<c>source.ip</c> always use the direct peer. False: <c>remote.ip</c> is the peer address.
    /// </summary>
    public bool RemoteIpFromForwardedFor { get; init; }

    public static AuthorizationEnforcementOptions Ingress { get; } = new() { RemoteIpFromForwardedFor = true };

    public static AuthorizationEnforcementOptions Sidecar(int targetPort) => new() { TargetPort = targetPort };
}
