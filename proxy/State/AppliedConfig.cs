using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;

namespace GatewayMesh.Proxy.State;

/// <summary>
/// What the proxy serves right now, all compiled from one snapshot revision and replaced whole on every reload (never
/// modified): <see cref="Routes"/> (a sidecar's table or the ingress's HTTP listener's) and <see cref="HttpsRoutes"/>
/// (the ingress's HTTPS listener's; empty on a sidecar), the cluster table and the generation of live clusters and
/// balancers built from it (<see cref="Upstreams"/>), the PeerAuthentication modes and AuthorizationPolicies
/// (<see cref="Security"/>), what each route destination forwards with (<see cref="Targets"/>: its built Polly
/// pipeline, request config and header transforms), and the compiled config of features registered with
/// <c>AddConfigCompiler</c> (<see cref="Feature{T}"/>). <see cref="Loaded"/> is false until a snapshot has been loaded.
/// A request reads this once and sees routes, clusters and policies of one revision.
/// </summary>
public sealed record AppliedConfig(long Revision, bool Loaded, RouteTable Routes, ClusterTable Clusters, ClusterSet Upstreams)
{
    public static AppliedConfig Initial { get; } = new(0, false, RouteTable.Empty, ClusterTable.Empty, ClusterSet.Empty);

    public SecurityPolicies Security { get; init; } = SecurityPolicies.Default;

    public RouteTable HttpsRoutes { get; init; } = RouteTable.Empty;

    /// <summary>The built pipelines of every route destination of <see cref="Routes"/> and <see cref="HttpsRoutes"/>.</summary>
    public ResilienceTable Resilience { get; init; } = ResilienceTable.Empty;

    /// <summary>What each route destination forwards with, found by reference from the matched rule and destination.</summary>
    public RouteTargets Targets { get; init; } = RouteTargets.Empty;

    /// <summary>Compiled config of registered features, by slot (<see cref="ConfigFeature{T}"/>).</summary>
    public ConfigFeatures Features { get; init; } = ConfigFeatures.Empty;

    /// <summary>The table for a request: the HTTPS listener's when it came over TLS to the ingress.</summary>
    public RouteTable RoutesFor(bool ingressHttps) => ingressHttps ? HttpsRoutes : Routes;

    /// <summary>The compiled config of feature <typeparamref name="T"/> (registered with <c>AddConfigCompiler</c>), or null.</summary>
    public T? Feature<T>() where T : class => Features.Get<T>();
}
