using GatewayMesh.Proxy.LoadBalancing;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Chooses the endpoint of a retry or hedge: asks the cluster's balancer (up to <c>HostSelectionAttempts</c> times)
/// for one the request has not tried, when the policy prefers other endpoints, else falls back to the next untried one
/// in order. Keeps the balancer leases it takes until the request ends. Only retries and hedges use it, so the first
/// attempt takes no lock and allocates nothing here. Not thread-safe: the exchange calls it under its pick lock.
/// </summary>
internal sealed class EndpointRepicker(int hostSelectionAttempts)
{
    private readonly List<int> _tried = [];
    private readonly List<EndpointLease> _leases = [];
    private ClusterEntry? _entry;
    private LoadBalancingContext _balancing = LoadBalancingContext.Empty;
    private int _first;

    public void Begin(ClusterEntry entry, int firstIndex, LoadBalancingContext balancing)
    {
        _entry = entry;
        _first = firstIndex;
        _balancing = balancing;
    }

    /// <summary>
    /// An endpoint index for the next attempt; <paramref name="preferOthers"/> avoids endpoints already tried, and
    /// <paramref name="current"/> (the index the request is addressed to now) is where the in-order fallback starts.
    /// </summary>
    public int Pick(bool preferOthers, int current)
    {
        var entry = _entry!;
        if (_tried.Count == 0)
        {
            _tried.Add(_first);
        }

        var endpoints = entry.Cluster.Endpoints.Count;
        if (endpoints == 1)
        {
            return 0;
        }

        var chosen = -1;
        for (var i = 0; i < hostSelectionAttempts; i++)
        {
            var pick = entry.LoadBalancer.Pick(_balancing);
            if (!pick.HasEndpoint || pick.Index >= endpoints)
            {
                pick.Lease.Dispose();
                continue;
            }

            _leases.Add(pick.Lease);
            chosen = pick.Index;
            if (!preferOthers || !_tried.Contains(chosen))
            {
                break;
            }
        }

        if (chosen < 0 || (preferOthers && _tried.Contains(chosen) && _tried.Count < endpoints))
        {
            // The balancer kept offering tried endpoints (e.g. consistent hashing): take the next untried one in order.
            for (var offset = 1; offset <= endpoints; offset++)
            {
                var candidate = (current + offset) % endpoints;
                if (!_tried.Contains(candidate))
                {
                    chosen = candidate;
                    break;
                }
            }
        }

        if (chosen < 0)
        {
            chosen = current;
        }

        _tried.Add(chosen);
        return chosen;
    }

    /// <summary>The request ended: releases the leases the repicks took.</summary>
    public void End()
    {
        foreach (var lease in _leases)
        {
            lease.Dispose();
        }

        _leases.Clear();
        _tried.Clear();
        _entry = null;
        _balancing = LoadBalancingContext.Empty;
    }
}
