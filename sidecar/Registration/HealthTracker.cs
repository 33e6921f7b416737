namespace GatewayMesh.Sidecar.Registration;

/// <summary>
/// Kubernetes' readiness thresholds over a run of probe results: the workload starts unhealthy, turns healthy after
/// <c>successThreshold</c> passes in a row, and unhealthy again after <c>failureThreshold</c> failures in a row.
/// Not thread-safe: one prober loop owns it.
/// </summary>
/// <param name="healthy">Where to start: unhealthy for a new member; the verdict already reported when the probe changed.</param>
internal sealed class HealthTracker(int successThreshold, int failureThreshold, bool healthy = false)
{
    private int _run;

    public bool Healthy { get; private set; } = healthy;

    /// <summary>Counts one result; true when it changed <see cref="Healthy"/>.</summary>
    public bool Record(bool passed)
    {
        if (passed == Healthy)
        {
            _run = 0;
            return false;
        }

        if (++_run < (passed ? successThreshold : failureThreshold))
        {
            return false;
        }

        Healthy = passed;
        _run = 0;
        return true;
    }
}
