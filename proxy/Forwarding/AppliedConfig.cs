using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>
/// What the proxy serves right now: the route table and cluster table compiled from one snapshot revision.
/// <see cref="Loaded"/> is false until a snapshot has been loaded from the store or the snapshot file.
/// <see cref="Upstreams"/> is the generation of live clusters and balancers built from the same table, so a request
/// that reads this once sees routes and clusters of one revision. <see cref="Security"/> holds the PeerAuthentication
/// modes and AuthorizationPolicies compiled from the same snapshot. Replaced whole on every reload; never modified.
/// </summary>
public sealed record AppliedConfig(long Revision, bool Loaded, RouteTable Routes, ClusterTable Clusters, ClusterSet Upstreams)
{
    public SecurityPolicies Security { get; init; } = SecurityPolicies.Default;

    public static AppliedConfig Initial { get; } = new(0, false, RouteTable.Empty, ClusterTable.Empty, ClusterSet.Empty);
}
