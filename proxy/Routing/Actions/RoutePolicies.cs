using GatewayMesh.Core.Config.Annotations;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// Per-route behaviour carried as config data for the forwarding layer: timeout, retries, fault injection, CORS, and
/// the VirtualService's <c>gatewaymesh.io/hedging</c> annotation (<see cref="Hedging"/>, null when absent).
/// </summary>
public sealed record RoutePolicies(MeshDuration? Timeout, HttpRetry? Retries, HttpFaultInjection? Fault, CorsPolicy? Cors)
{
    public static RoutePolicies None { get; } = new(null, null, null, null);

    public HedgingSettings? Hedging { get; init; }
}
