using GatewayMesh.Proxy.LoadBalancing;

namespace GatewayMesh.Proxy.Resilience.Outlier;

/// <summary>
/// The balancer's view of one cluster generation's endpoints: endpoint i is unavailable while ejected, unless
/// minHealthPercent says to ignore ejections. The per-endpoint states are shared with later generations that keep the
/// same endpoints. <see cref="Report"/> counts an attempt by endpoint index, without a lookup.
/// </summary>
public sealed class OutlierHealthView : EndpointHealth
{
    private readonly ClusterOutliers _owner;
    private readonly EndpointOutlierState[] _states;

    internal OutlierHealthView(ClusterOutliers owner, EndpointOutlierState[] states)
    {
        _owner = owner;
        _states = states;
    }

    public override bool AnyUnavailable => _owner.EjectedCount > 0 && !_owner.IgnoresEjections;

    public override bool IsAvailable(int index) => !_states[index].IsEjected;

    /// <summary>Whether endpoint <paramref name="index"/> is ejected (even when minHealthPercent has the balancer use it anyway).</summary>
    public bool IsEjected(int index) => _states[index].IsEjected;

    /// <summary>Counts the outcome of one attempt to endpoint <paramref name="index"/> of this generation.</summary>
    public void Report(int index, AttemptOutcome outcome)
    {
        if ((uint)index < (uint)_states.Length)
        {
            _owner.Report(_states[index], outcome);
        }
    }
}
