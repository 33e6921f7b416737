using GatewayMesh.Proxy.Clusters;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// The hook through which cluster-level resilience (outlier detection, retry budgets, connection-pool limits) sees the
/// route pipelines. Every attempt's result is reported; a retry is admitted only when <see cref="TryBeginRetry"/>
/// says yes, and every admitted retry is ended with <see cref="EndRetry"/> once its attempt completes.
/// Calls come from request threads, concurrently; implementations must be thread-safe and must not block.
/// </summary>
public interface IUpstreamObserver
{
    /// <summary>One attempt ended: with a response (<paramref name="status"/>) or without one (<paramref name="failure"/>).</summary>
    void AttemptCompleted(Cluster cluster, Endpoint endpoint, int? status, AttemptFailure? failure);

    /// <summary>Asked before each retry; false refuses it (e.g. the cluster's retry budget is spent).</summary>
    bool TryBeginRetry(Cluster cluster);

    /// <summary>An admitted retry's attempt has completed.</summary>
    void EndRetry(Cluster cluster);
}

/// <summary>Observes nothing and admits every retry: the default until cluster-level components are registered.</summary>
public sealed class NoUpstreamObserver : IUpstreamObserver
{
    public static NoUpstreamObserver Instance { get; } = new();

    public void AttemptCompleted(Cluster cluster, Endpoint endpoint, int? status, AttemptFailure? failure)
    {
    }

    public bool TryBeginRetry(Cluster cluster) => true;

    public void EndRetry(Cluster cluster)
    {
    }
}
