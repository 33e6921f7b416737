using GatewayMesh.Core.Config.Hosts;

namespace GatewayMesh.Proxy.Routing;

/// <summary>Every authority spelling a sidecar accepts for a host.</summary>
internal static class HostAliases
{
    /// <summary>
    /// For a service: <c>name.ns.svc.cluster.local</c>, <c>name.ns.svc</c>, <c>name.ns</c>, and <c>name</c> when the
    /// service is in the proxy's own namespace. Any other host (external, wildcard) is accepted as written.
    /// </summary>
    public static IEnumerable<string> For(string fqdn, string proxyNamespace)
    {
        if (!MeshHosts.TryGetService(fqdn, proxyNamespace, out var service) || service.Fqdn != fqdn)
        {
            yield return fqdn;
            yield break;
        }

        yield return service.Fqdn;
        yield return $"{service.Name}.{service.Namespace}.svc";
        yield return $"{service.Name}.{service.Namespace}";
        if (service.Namespace == proxyNamespace)
        {
            yield return service.Name;
        }
    }
}
