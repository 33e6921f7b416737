namespace GatewayMesh.Proxy.Resilience.Load;

/// <summary>
/// What one cluster has in flight: admitted requests (attempts) and retries. Shared by every generation of the
/// cluster, so requests started before a reload still count after it. Updated with Interlocked only.
/// </summary>
public sealed class ClusterLoad
{
    internal int ActiveRequestCount;
    internal int ActiveRetryCount;

    /// <summary>
    /// The requests started within the retry budget's <c>budgetInterval</c>; null when the cluster's budget has none
    /// (then nothing is counted per request). Replaced only when the interval changes.
    /// </summary>
    public RequestWindow? Window { get; internal set; }

    public int ActiveRequests => Volatile.Read(ref ActiveRequestCount);

    public int ActiveRetries => Volatile.Read(ref ActiveRetryCount);

    /// <summary>Ends one counted retry; never goes below zero (a retry admitted while the cluster was unknown was not counted).</summary>
    public void EndRetry()
    {
        var current = Volatile.Read(ref ActiveRetryCount);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref ActiveRetryCount, current - 1, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
