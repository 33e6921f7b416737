using GatewayMesh.Proxy.Clusters;

namespace GatewayMesh.Proxy.Resilience.Outlier;

/// <summary>
/// The outlier state of one endpoint of one cluster: its runs of consecutive failures (counted lock-free on every
/// report) and its ejection (changed only under the owning <see cref="ClusterOutliers"/>' lock). Lives as long as the
/// endpoint stays in the cluster, across reloads.
/// </summary>
internal sealed class EndpointOutlierState(Endpoint endpoint)
{
    private int _consecutive5xx;
    private int _consecutiveGateway;
    private int _consecutiveLocalOrigin;
    private volatile bool _ejected;

    public Endpoint Endpoint { get; set; } = endpoint;

    public bool IsEjected => _ejected;

    /// <summary>How many ejections in a row the next ejection's time is multiplied by (Envoy's backoff); decays while in service.</summary>
    public int Multiplier { get; private set; }

    public int Ejections { get; private set; }

    public DateTimeOffset EjectedAt { get; private set; }

    public DateTimeOffset ReturnsAt { get; private set; }

    public DateTimeOffset? LastReturn { get; private set; }

    /// <summary>Identifies the current ejection, so a late timer of an earlier one does nothing.</summary>
    public long EjectionId { get; private set; }

    public ITimer? ReturnTimer { get; private set; }

    public int Consecutive5xx => Volatile.Read(ref _consecutive5xx);

    /// <summary>
    /// Counts one outcome; returns the reason when this outcome completes a run that reaches its threshold (that run's
    /// count then starts again), else null. Reports for an ejected endpoint (requests that were already in flight) are ignored.
    /// </summary>
    public OutlierReason? Record(AttemptOutcome outcome, OutlierPolicy policy)
    {
        if (_ejected)
        {
            return null;
        }

        if (outcome.IsLocalOrigin && policy.SplitExternalLocalOriginErrors)
        {
            return Bump(ref _consecutiveLocalOrigin, policy.ConsecutiveLocalOriginFailures, OutlierReason.ConsecutiveLocalOriginFailures);
        }

        if (policy.SplitExternalLocalOriginErrors)
        {
            Clear(ref _consecutiveLocalOrigin);
        }

        // Unless split, a local-origin failure counts as a gateway error (the proxy answers it with 503 or 504).
        var gateway = outcome.IsLocalOrigin || outcome.IsGatewayError;
        if (!gateway && !outcome.IsServerError(policy))
        {
            Clear(ref _consecutive5xx);
            Clear(ref _consecutiveGateway);
            return null;
        }

        OutlierReason? reason = null;
        if (gateway)
        {
            reason = Bump(ref _consecutiveGateway, policy.ConsecutiveGatewayErrors, OutlierReason.ConsecutiveGatewayErrors);
        }
        else
        {
            Clear(ref _consecutiveGateway);
        }

        return Bump(ref _consecutive5xx, policy.Consecutive5xxErrors, OutlierReason.Consecutive5xx) ?? reason;
    }

    /// <summary>Marks the endpoint ejected until <paramref name="returnsAt"/>; call under the cluster's lock.</summary>
    public void Eject(DateTimeOffset now, DateTimeOffset returnsAt, int multiplier, long ejectionId, ITimer returnTimer)
    {
        Multiplier = multiplier;
        Ejections++;
        EjectedAt = now;
        ReturnsAt = returnsAt;
        EjectionId = ejectionId;
        ReturnTimer = returnTimer;
        ClearRuns();
        _ejected = true;
    }

    /// <summary>Puts the endpoint back in service; call under the cluster's lock.</summary>
    public void Return(DateTimeOffset now)
    {
        _ejected = false;
        LastReturn = now;
        ReturnTimer?.Dispose();
        ReturnTimer = null;
        ClearRuns();
    }

    /// <summary>The multiplier after stepping down once per whole <paramref name="interval"/> spent in service since the last return.</summary>
    public int DecayedMultiplier(DateTimeOffset now, TimeSpan interval)
    {
        if (LastReturn is not { } returned || Multiplier == 0)
        {
            return Multiplier;
        }

        var steps = (now - returned).Ticks / Math.Max(interval.Ticks, 1);
        return (int)Math.Max(0, Multiplier - steps);
    }

    private void ClearRuns()
    {
        Clear(ref _consecutive5xx);
        Clear(ref _consecutiveGateway);
        Clear(ref _consecutiveLocalOrigin);
    }

    private static OutlierReason? Bump(ref int run, int threshold, OutlierReason reason)
    {
        if (threshold <= 0)
        {
            return null;
        }

        if (Interlocked.Increment(ref run) < threshold)
        {
            return null;
        }

        Interlocked.Exchange(ref run, 0);
        return reason;
    }

    /// <summary>Resets a run without writing when it is already zero, so successes do not contend on the cache line.</summary>
    private static void Clear(ref int run)
    {
        if (Volatile.Read(ref run) != 0)
        {
            Interlocked.Exchange(ref run, 0);
        }
    }
}
