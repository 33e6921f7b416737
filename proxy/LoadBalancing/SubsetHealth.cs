namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// The health of a part of a cluster's endpoints (one locality group), for a balancer built over that part alone:
/// its index j is the cluster's endpoint <c>map[j]</c>, available when the cluster's view says so.
/// </summary>
public sealed class SubsetHealth(EndpointHealth cluster, int[] map) : EndpointHealth
{
    public override bool AnyUnavailable => cluster.AnyUnavailable;

    public override bool IsAvailable(int index) => cluster.IsAvailable(map[index]);
}
