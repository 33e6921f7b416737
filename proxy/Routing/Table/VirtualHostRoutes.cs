using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Sidecars;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// The ordered rules that serve a set of hosts. <see cref="Hosts"/> are the hosts as claimed (a service's FQDN, an
/// external name, or a wildcard such as <c>*</c> or <c>*.example.com</c>); <see cref="Domains"/> are every authority
/// spelling that selects this virtual host (e.g. <c>reviews</c>, <c>reviews.default</c>, ... for a sidecar).
/// <see cref="Gateway"/> is "mesh" on a sidecar and "namespace/name" on the ingress, where <see cref="Ports"/>
/// are the ports of the Gateway servers it belongs to. <see cref="Source"/> names the VirtualService it came from,
/// or is null for a sidecar's default route to a service without one. <see cref="EgressPorts"/> (sidecar only) are the
/// ports on which the workload's Istio Sidecar imports these hosts, null for every port.
/// </summary>
public sealed record VirtualHostRoutes(
    string Name,
    ValueList<string> Hosts,
    ValueList<string> Domains,
    string Gateway,
    ValueList<int> Ports,
    string? Source,
    ValueList<HttpRouteRule> Rules)
{
    public EgressPorts? EgressPorts { get; init; }
}
