using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>
/// How one proxy's traffic to a cluster is spread over localities, compiled from the cluster's
/// <c>localityLbSetting</c>, its outlier detection and the proxy's own locality (<see cref="LocalityPlanner"/>). Each
/// group holds endpoint indexes (into <see cref="Cluster.Endpoints"/>) with a priority (0 is preferred; a higher one
/// gets traffic as the lower ones lose healthy endpoints, as Envoy's priority levels) and a weight among the groups of
/// its priority (<c>distribute</c>; for failover every group is alone at its priority). An endpoint in no group gets
/// no traffic (a <c>distribute</c> rule that leaves its locality out). Immutable, value equality.
/// </summary>
public sealed record LocalityPlan(ValueList<LocalityGroup> Groups)
{
    /// <summary>The number of priority levels (priorities run from 0 without gaps).</summary>
    public int Levels => Groups.Count == 0 ? 0 : Groups.Max(g => g.Priority) + 1;
}

/// <summary>Endpoints that share a priority and a weight: one locality (<c>distribute</c>) or one failover priority.</summary>
public sealed record LocalityGroup(int Priority, int Weight, ValueList<int> Endpoints, string Name);
