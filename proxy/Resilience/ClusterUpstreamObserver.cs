using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Resilience.Outlier;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Connects the route pipelines to the per-cluster protections: every attempt's result goes to outlier detection, and
/// every retry must be admitted by the cluster's retry limiter (the retry budget, else <c>http.maxRetries</c>).
/// Lock-free apart from the rare ejection; never blocks.
/// </summary>
public sealed class ClusterUpstreamObserver(ClusterResilienceRegistry registry) : IUpstreamObserver
{
    public void AttemptCompleted(Cluster cluster, Endpoint endpoint, int? status, AttemptFailure? failure)
    {
        if (Outcome(status, failure) is { } outcome)
        {
            registry.Outliers.Report(cluster.Key, endpoint, outcome);
        }
    }

    public bool TryBeginRetry(Cluster cluster) =>
        !registry.TryGet(cluster.Key, out var resilience) || resilience.Retries.TryAcquireRetry().Acquired;

    public void EndRetry(Cluster cluster)
    {
        if (registry.TryGet(cluster.Key, out var resilience))
        {
            resilience.Retries.Load.EndRetry();
        }
    }

    /// <summary>A pipeline's attempt result as outlier detection counts it; null for failures that are not the endpoint's.</summary>
    public static AttemptOutcome? Outcome(int? status, AttemptFailure? failure) => (status, failure) switch
    {
        ({ } code, _) => AttemptOutcome.Response(code),
        (_, AttemptFailure.ConnectFailure) => AttemptOutcome.ConnectFailure,
        (_, AttemptFailure.PerTryTimeout) => AttemptOutcome.Timeout,
        (_, AttemptFailure.Reset or AttemptFailure.RefusedStream) => AttemptOutcome.Reset,
        _ => null,
    };
}
