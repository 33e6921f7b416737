using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Resilience.Pool;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>
/// Pick endpoint, for a forwarding rule: chooses the weighted destination, finds its cluster (503 NC or UH when it is
/// missing or empty), asks the cluster's balancer for an endpoint (503 UH when none is healthy), takes an admission under
/// the cluster's connection-pool limit (503 UO when full), and chooses the transport (mesh mTLS or plaintext; 503 UF
/// when the DestinationRule demands mTLS this proxy cannot originate). Records all of it on the request, with the
/// route destination's precomputed <c>RouteTarget</c>; the leases it takes are released when the request ends.
/// </summary>
public sealed class EndpointPickStep(ILogger<EndpointPickStep> logger) : IProxyStep
{
    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        var match = request.Match!.Value;
        var forward = (ForwardAction)match.Action;
        var config = request.Config;
        var destination = forward.Destinations.Pick(Random.Shared);
        request.Destination = destination;
        if (config.Targets.TryGet(match.Rule, destination, out var target))
        {
            request.Target = target;
            request.RouteName = target.Name;
        }

        if (!config.Upstreams.TryFind(destination.Cluster, out var entry) || entry.Cluster.Endpoints.IsEmpty)
        {
            var flag = entry is null ? ResponseFlags.NoClusterFound : ResponseFlags.NoHealthyUpstream;
            return LocalReply.SendAsync(request, StatusCodes.Status503ServiceUnavailable, $"no healthy upstream for {destination.Cluster}", flag, "no_healthy_upstream");
        }

        request.Cluster = entry;
        request.ClusterName = entry.Name;
        var pick = entry.LoadBalancer.Pick(request.Balancing);
        request.BalancerLease = pick.Lease;
        request.SetCookie = pick.SetCookie;
        if (!pick.HasEndpoint)
        {
            // PASSTHROUGH has no original destination here.
            return LocalReply.SendAsync(request, StatusCodes.Status503ServiceUnavailable, $"no healthy upstream for {destination.Cluster}", ResponseFlags.NoHealthyUpstream, "no_healthy_upstream");
        }

        if (entry.Resilience?.Pool is { } pool)
        {
            if (!pool.TryAcquire(out var admission, out var overflow))
            {
                return LocalReply.SendAsync(request, PoolOverflow.StatusCode, overflow.Message, ResponseFlags.UpstreamOverflow, "upstream_overflow"); // fail fast
            }

            request.PoolLease = admission;
        }

        var endpoint = entry.Cluster.Endpoints[pick.Index];
        request.Endpoint = endpoint;
        request.EndpointIndex = pick.Index;
        var transport = entry.TransportTo(endpoint);
        if (transport == UpstreamTransport.MutualTlsUnavailable)
        {
            Log.MutualTlsUnavailable(logger, request.ClusterName, endpoint.ToString());
            return LocalReply.SendAsync(request, StatusCodes.Status503ServiceUnavailable, LocalReplies.ConnectError, ResponseFlags.UpstreamConnectionFailure, "upstream_mtls_unavailable");
        }

        request.UpstreamTls = transport == UpstreamTransport.MutualTls;
        request.DestinationPrefix = entry.Prefix(pick.Index, request.UpstreamTls);
        if (forward.Rewrite is { } rewrite)
        {
            request.RewrittenPath = rewrite.RewritePath(request.Http.Request.Path.Value ?? "/", match.Block);
        }

        return new(StepResult.Continue);
    }
}
