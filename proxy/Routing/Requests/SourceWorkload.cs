namespace GatewayMesh.Proxy.Routing;

/// <summary>Who sent a request, as <c>sourceLabels</c> and <c>sourceNamespace</c> matches read it.</summary>
public static class SourceWorkload
{
    /// <summary>
    /// On a sidecar every request routed by the proxy comes from its own workload (the app's outbound calls), so the
    /// view carries the sidecar's workload labels and namespace. The ingress has no calling workload and leaves them unset.
    /// </summary>
    public static RequestView FromProxy(this RequestView view, ProxyIdentity proxy) =>
        proxy.Role == ProxyRole.Sidecar
            ? view with { SourceLabels = proxy.Labels, SourceNamespace = proxy.Namespace }
            : view;
}
