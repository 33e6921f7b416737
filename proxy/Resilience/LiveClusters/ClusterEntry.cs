using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Transport;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// A live cluster with the balancer that picks among its endpoints (skipping ejected ones) and, when built by a
/// <see cref="ClusterState"/> with a <see cref="ClusterResilienceRegistry"/>, its per-cluster protections. Built once
/// per cluster generation, so the strings requests need (<see cref="Name"/>, each endpoint's address prefix) are
/// made once, not per request.
/// </summary>
public sealed record ClusterEntry(Cluster Cluster, ILoadBalancer LoadBalancer)
{
    private readonly DerivedValue<string?[]> _prefixes = new(new string?[Cluster.Endpoints.Count * 2]);

    /// <summary>Outlier detection, connection-pool limits, retry limits and the cluster's upstream client; null when not tracked.</summary>
    public ClusterResilience? Resilience { get; init; }

    /// <summary>Envoy's name of the cluster: <c>outbound|9080|v1|reviews.default.svc.cluster.local</c>.</summary>
    public string Name { get; } = Cluster.Key.ToString();

    /// <summary>The transport to <paramref name="endpoint"/> of this cluster (<see cref="UpstreamTransports.Choose"/>).</summary>
    public UpstreamTransport TransportTo(Endpoint endpoint) =>
        UpstreamTransports.Choose(Cluster.Policy, endpoint, Resilience?.Tls?.CanOriginate == true);

    /// <summary>The upstream address prefix of endpoint <paramref name="index"/>: <c>http://10.0.0.1:9080</c>, or <c>https://</c> over mesh mTLS.</summary>
    public string Prefix(int index, bool tls)
    {
        var slot = (index * 2) + (tls ? 1 : 0);
        var prefixes = _prefixes.Value;
        if (prefixes[slot] is { } cached)
        {
            return cached;
        }

        var endpoint = Cluster.Endpoints[index];
        return prefixes[slot] = $"{(tls ? "https" : "http")}://{endpoint.Address}:{endpoint.Port}";
    }
}
