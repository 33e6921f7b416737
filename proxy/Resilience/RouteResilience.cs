using GatewayMesh.Proxy.Routing;
using Polly;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// What one route destination forwards with: its <see cref="Pipeline"/> (shared by every route destination of equal
/// cluster and policy, and kept across reloads while they stay equal), the YARP request config, and the names that
/// logs and metrics use. Immutable; built by <see cref="ResilienceTable"/>, never on the request path.
/// </summary>
public sealed class RouteResilience(
    string name,
    ClusterKey cluster,
    ResiliencePolicy policy,
    ResiliencePipeline<HttpResponseMessage> pipeline,
    ForwarderRequestConfig requestConfig)
{
    /// <summary>The route as logs and metrics name it: <c>namespace/virtualservice/rule</c>.</summary>
    public string Name { get; } = name;

    public ClusterKey Cluster { get; } = cluster;

    public string ClusterName { get; } = cluster.ToString();

    public ResiliencePolicy Policy { get; } = policy;

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; } = pipeline;

    public ForwarderRequestConfig RequestConfig { get; } = requestConfig;

    /// <summary>True when the pipeline does nothing, so requests skip it.</summary>
    public bool IsEmpty => Policy.IsEmpty;
}
