using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Routing;

/// <summary>Per-route behaviour carried as config data for the forwarding layer: timeout, retries, fault injection, CORS.</summary>
public sealed record RoutePolicies(MeshDuration? Timeout, HttpRetry? Retries, HttpFaultInjection? Fault, CorsPolicy? Cors)
{
    public static RoutePolicies None { get; } = new(null, null, null, null);
}
