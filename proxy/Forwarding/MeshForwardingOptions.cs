namespace GatewayMesh.Proxy.Forwarding;

/// <summary>How the forwarding path talks to upstreams. Defaults suit both the ingress and a sidecar.</summary>
public sealed record MeshForwardingOptions
{
    /// <summary>Longest wait for a TCP connection to an upstream; a refused or timed-out connect answers 503.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an idle pooled upstream connection is kept.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest silence on an upstream request or response before it is cancelled, unless the route sets a timeout.</summary>
    public TimeSpan ActivityTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>How long a mirrored request may take before it is abandoned.</summary>
    public TimeSpan MirrorTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// True on the ingress: the port routing sees (the <c>port</c> match) is the Gateway server port of the virtual host
    /// the request selects, not the local listener's port. False on a sidecar: the port of the Host header.
    /// </summary>
    public bool RouteOnGatewayPort { get; init; }

    /// <summary>
    /// On the ingress: the port a Gateway server's <c>httpsRedirect</c> names in its Location (the HTTPS listener's,
    /// read when a redirect is answered, so a port chosen at bind time works). Null, or an answer of null or 443,
    /// names none, as Istio does.
    /// </summary>
    public Func<int?>? HttpsRedirectPort { get; init; }
}
