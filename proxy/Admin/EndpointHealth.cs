using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// How one endpoint of one cluster stands right now, as the admin endpoints report it: <c>HEALTHY</c>, or
/// <c>EJECTED</c> (by outlier detection) until <see cref="EjectedUntil"/>.
/// </summary>
public sealed record EndpointHealth(string Status, DateTimeOffset? EjectedUntil = null)
{
    public const string HealthyStatus = "HEALTHY";
    public const string EjectedStatus = "EJECTED";

    public static EndpointHealth Healthy { get; } = new(HealthyStatus);

    public static EndpointHealth Ejected(DateTimeOffset until) => new(EjectedStatus, until);

    public bool IsHealthy => Status == HealthyStatus;
}

/// <summary>
/// Answers the live health of an endpoint for the admin endpoints. The cluster table holds only endpoints the registry
/// calls healthy; a component that ejects endpoints at run time (outlier detection) registers its own view in DI.
/// </summary>
public interface IEndpointHealthView
{
    EndpointHealth Get(ClusterKey cluster, Endpoint endpoint);
}

/// <summary>The view used when nothing ejects endpoints: every endpoint in the table is healthy.</summary>
public sealed class AllEndpointsHealthy : IEndpointHealthView
{
    public static AllEndpointsHealthy Instance { get; } = new();

    public EndpointHealth Get(ClusterKey cluster, Endpoint endpoint) => EndpointHealth.Healthy;
}
