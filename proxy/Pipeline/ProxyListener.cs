namespace GatewayMesh.Proxy.Pipeline;

/// <summary>Which listener a request arrived on; each has its own step list.</summary>
public enum ProxyListener
{
    /// <summary>The ingress gateway's HTTP and HTTPS listeners.</summary>
    Ingress,

    /// <summary>A sidecar's inbound listener, in front of its app.</summary>
    SidecarInbound,

    /// <summary>A sidecar's outbound listener (the app's HTTP_PROXY), and front doors into it such as Dapr invocation.</summary>
    SidecarOutbound,
}

/// <summary>A set of listeners, for registering a step or recorder on several at once.</summary>
[Flags]
public enum ProxyListeners
{
    None = 0,
    Ingress = 1 << (int)ProxyListener.Ingress,
    SidecarInbound = 1 << (int)ProxyListener.SidecarInbound,
    SidecarOutbound = 1 << (int)ProxyListener.SidecarOutbound,
    Sidecar = SidecarInbound | SidecarOutbound,
    All = Ingress | Sidecar,
}

/// <summary>Which side of a call a proxy reports for (Istio's <c>reporter</c> label).</summary>
public enum Reporter
{
    /// <summary>The calling side: the ingress and a sidecar's outbound listener.</summary>
    Source,

    /// <summary>The called side: a sidecar's inbound listener.</summary>
    Destination,
}

/// <summary>How the request's connection was secured (Istio's <c>connection_security_policy</c>).</summary>
public enum ConnectionSecurity
{
    /// <summary>Not known on this side: the calling side reports <c>unknown</c>, as Istio does.</summary>
    Unknown,

    None,

    MutualTls,
}

internal static class ProxyListenerExtensions
{
    public static bool Includes(this ProxyListeners set, ProxyListener listener) => (set & (ProxyListeners)(1 << (int)listener)) != 0;

    public static Reporter Reporter(this ProxyListener listener) =>
        listener == ProxyListener.SidecarInbound ? Pipeline.Reporter.Destination : Pipeline.Reporter.Source;
}
