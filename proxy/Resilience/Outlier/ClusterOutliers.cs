using System.Collections.Frozen;
using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Resilience.Outlier;

/// <summary>
/// Outlier detection for one cluster: the state of each of its endpoints (by address and port, so it survives reloads
/// that keep the endpoint), the policy in force, and the ejection decisions. Reports are counted lock-free; ejecting
/// and returning take the cluster's lock (they are rare). An ejected endpoint comes back when its own timer fires.
/// </summary>
internal sealed class ClusterOutliers : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClusterResilienceMetrics _metrics;
    private readonly string _name;
    private volatile OutlierPolicy _policy;
    private volatile FrozenDictionary<(string, int), EndpointOutlierState> _byAddress = FrozenDictionary<(string, int), EndpointOutlierState>.Empty;
    private ValueList<Endpoint> _endpoints;
    private OutlierHealthView? _view;
    private int _ejected;
    private long _nextEjectionId;

    public ClusterOutliers(ClusterKey key, OutlierPolicy policy, TimeProvider time, ILogger logger, ClusterResilienceMetrics metrics)
    {
        Key = key;
        _name = key.ToString();
        _policy = policy;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    public ClusterKey Key { get; }

    public OutlierPolicy Policy => _policy;

    /// <summary>Endpoints ejected right now.</summary>
    public int EjectedCount => Volatile.Read(ref _ejected);

    public int EndpointCount => _byAddress.Count;

    /// <summary>
    /// True when so few endpoints are left in service that minHealthPercent says to ignore the ejections (Envoy's panic mode).
    /// </summary>
    public bool IgnoresEjections
    {
        get
        {
            var minHealth = _policy.MinHealthPercent;
            var total = EndpointCount;
            return minHealth > 0 && (total - EjectedCount) * 100 < minHealth * total;
        }
    }

    /// <summary>
    /// Takes in a new generation of the cluster: the policy, and its endpoints (state kept for those still there, dropped
    /// for those gone). Returns the health view for the generation's balancer: the same view while the endpoint list is
    /// unchanged, so the balancer can be kept too.
    /// </summary>
    public OutlierHealthView Sync(Cluster cluster, OutlierPolicy policy)
    {
        lock (_lock)
        {
            _policy = policy;
            if (_view is not null && _endpoints == cluster.Endpoints)
            {
                return _view;
            }

            var previous = _byAddress;
            var states = new EndpointOutlierState[cluster.Endpoints.Count];
            var byAddress = new Dictionary<(string, int), EndpointOutlierState>(states.Length);
            for (var i = 0; i < states.Length; i++)
            {
                var endpoint = cluster.Endpoints[i];
                var address = (endpoint.Address, endpoint.Port);
                if (!byAddress.TryGetValue(address, out var state))
                {
                    state = previous.TryGetValue(address, out var kept) ? kept : new EndpointOutlierState(endpoint);
                    state.Endpoint = endpoint;
                    byAddress[address] = state;
                }

                states[i] = state;
            }

            foreach (var (address, state) in previous)
            {
                if (!byAddress.ContainsKey(address))
                {
                    Forget(state);
                }
            }

            _byAddress = byAddress.ToFrozenDictionary();
            _endpoints = cluster.Endpoints;
            _view = new OutlierHealthView(this, states);
            return _view;
        }
    }

    public void Report(Endpoint endpoint, AttemptOutcome outcome)
    {
        if (_byAddress.TryGetValue((endpoint.Address, endpoint.Port), out var state))
        {
            Report(state, outcome);
        }
    }

    public void Report(EndpointOutlierState state, AttemptOutcome outcome)
    {
        var policy = _policy;
        if (state.Record(outcome, policy) is { } reason)
        {
            TryEject(state, reason, policy);
        }
    }

    public bool IsEjected(Endpoint endpoint) =>
        _byAddress.TryGetValue((endpoint.Address, endpoint.Port), out var state) && state.IsEjected;

    public DateTimeOffset? ReturnTime(Endpoint endpoint)
    {
        lock (_lock)
        {
            return _byAddress.TryGetValue((endpoint.Address, endpoint.Port), out var state) && state.IsEjected ? state.ReturnsAt : null;
        }
    }

    public IEnumerable<EndpointOutlierStatus> Snapshot()
    {
        lock (_lock)
        {
            return _byAddress.Values
                .Select(s => new EndpointOutlierStatus(Key, s.Endpoint, s.IsEjected, s.IsEjected ? s.EjectedAt : null, s.IsEjected ? s.ReturnsAt : null, s.Ejections, s.Consecutive5xx))
                .ToList();
        }
    }

    /// <summary>Cancels every pending return; the cluster is gone.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var state in _byAddress.Values)
            {
                state.ReturnTimer?.Dispose();
            }
        }
    }

    private void TryEject(EndpointOutlierState state, OutlierReason reason, OutlierPolicy policy)
    {
        lock (_lock)
        {
            var total = _byAddress.Count;
            if (state.IsEjected || !_byAddress.TryGetValue((state.Endpoint.Address, state.Endpoint.Port), out var current) || current != state)
            {
                return;
            }

            var endpoint = state.Endpoint.ToString();
            if (!MayEject(policy.MaxEjectionPercent, _ejected, total))
            {
                Log.EjectionSkipped(_logger, _name, endpoint, state.Endpoint.InstanceId, OutlierReasons.Name(reason), _ejected, total, policy.MaxEjectionPercent);
                _metrics.EjectionSkipped(_name, endpoint);
                return;
            }

            var now = _time.GetUtcNow();
            var multiplier = state.DecayedMultiplier(now, policy.Interval) + 1;
            var duration = policy.EjectionTime(multiplier);
            var id = ++_nextEjectionId;
            var timer = _time.CreateTimer(_ => Return(state, id), null, duration, Timeout.InfiniteTimeSpan);
            state.Eject(now, now + duration, multiplier, id, timer);
            _ejected++;
            Log.Ejected(_logger, _name, endpoint, state.Endpoint.InstanceId, OutlierReasons.Name(reason), duration, multiplier);
            _metrics.Ejected(_name, endpoint, OutlierReasons.Name(reason));
        }
    }

    /// <summary>
    /// Envoy's rule: the first ejection in a cluster is always allowed (unless the cap is 0), so a small cluster can still
    /// lose its one bad endpoint; after that, only while the ejected share including this one stays within the cap.
    /// </summary>
    internal static bool MayEject(int maxEjectionPercent, int ejected, int total) =>
        maxEjectionPercent > 0 && (ejected == 0 || (ejected + 1) * 100 <= maxEjectionPercent * total);

    private void Return(EndpointOutlierState state, long ejectionId)
    {
        lock (_lock)
        {
            if (!state.IsEjected || state.EjectionId != ejectionId)
            {
                return;
            }

            state.Return(_time.GetUtcNow());
            _ejected--;
            var endpoint = state.Endpoint.ToString();
            Log.Returned(_logger, _name, endpoint, state.Endpoint.InstanceId);
            _metrics.Returned(_name, endpoint);
        }
    }

    /// <summary>An endpoint left the cluster: cancel its return and stop counting it as ejected.</summary>
    private void Forget(EndpointOutlierState state)
    {
        if (state.IsEjected)
        {
            state.Return(_time.GetUtcNow());
            _ejected--;
        }
    }
}
