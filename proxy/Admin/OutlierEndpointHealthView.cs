using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Resilience.Outlier;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Admin;

/// <summary>The admin endpoints' view of outlier ejection: an ejected endpoint is <c>EJECTED</c> until its return time.</summary>
public sealed class OutlierEndpointHealthView(OutlierDetector detector) : IEndpointHealthView
{
    public EndpointHealth Get(ClusterKey cluster, Endpoint endpoint) =>
        detector.ReturnTime(cluster, endpoint) is { } until ? EndpointHealth.Ejected(until) : EndpointHealth.Healthy;
}
