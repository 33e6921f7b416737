using System.Net;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;
using GatewayMesh.Sidecar.Listeners;
using GatewayMesh.Sidecar.Settings;

namespace GatewayMesh.Sidecar.Outbound.Tunnels;

/// <summary>
/// Decides where a CONNECT from the app goes. A mesh host (one the current route table knows) is routed like an HTTP
/// request to "/" of that host (VirtualService rules, sourceLabels, weights and subsets apply) and tunnelled to the
/// endpoint the cluster's balancer picks: another workload's sidecar inbound. Any other host is tunnelled as named under
/// ALLOW_ANY (Istio's PassthroughCluster) and refused with 403 under REGISTRY_ONLY. The sidecar's own listeners are
/// never a target, so a tunnel cannot loop back into the sidecar.
/// </summary>
internal sealed class ConnectTargetResolver(ProxyState state, SidecarOptions options, SidecarListeners listeners)
{
    private readonly OutboundPolicy _policy = options.ParseOutboundPolicy();

    public ConnectDecision Resolve(ConnectRequest request, IPAddress? source)
    {
        var config = state.Current;
        if (config.Routes.FindVirtualHost(request.Authority) is null)
        {
            return (config.Feature<OutboundScope>()?.Policy ?? _policy) == OutboundPolicy.RegistryOnly
                ? ConnectDecision.Refuse(403, "destination not in the mesh registry")
                : IsSelf(request.Host, request.Port)
                    ? ConnectDecision.Refuse(403, "refusing to tunnel into the sidecar itself")
                    : ConnectDecision.To(request.Host, request.Port, "PassthroughCluster");
        }

        var view = RequestView.Create("CONNECT", request.Authority, "/", request.Headers, port: request.Port).FromProxy(state.Identity);
        if (config.Routes.Match(view)?.Action is not ForwardAction forward)
        {
            return ConnectDecision.Refuse(403, $"no forwarding route for {request.Authority}");
        }

        var destination = forward.Destinations.Pick(Random.Shared);
        if (!config.Upstreams.TryFind(destination.Cluster, out var entry) || entry.Cluster.Endpoints.IsEmpty)
        {
            return ConnectDecision.Refuse(503, $"no healthy upstream for {destination.Cluster}");
        }

        var pick = entry.LoadBalancer.Pick(new DictionaryLoadBalancingContext(request.Headers, sourceAddress: source));
        if (!pick.HasEndpoint)
        {
            pick.Lease.Dispose();
            return ConnectDecision.Refuse(503, $"no healthy upstream for {destination.Cluster}");
        }

        return ConnectDecision.ToMesh(entry.Cluster.Endpoints[pick.Index], destination.Cluster.ToString(), destination.Cluster.Host, pick.Lease);
    }

    private bool IsSelf(string host, int port)
    {
        var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        return loopback && (port == listeners.InboundUri.Port || port == listeners.OutboundUri.Port || port == listeners.AdminUri.Port);
    }
}
