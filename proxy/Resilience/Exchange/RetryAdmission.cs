using GatewayMesh.Proxy.Clusters;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// One request's standing with its cluster's retry limit (<see cref="IUpstreamObserver.TryBeginRetry"/>): a retry is
/// admitted before it is sent and released once its attempt completes, or when the request ends, whichever is first.
/// At most one admitted retry is open at a time (retries are sequential).
/// </summary>
internal sealed class RetryAdmission(IUpstreamObserver observer)
{
    private Cluster? _cluster;
    private int _open;

    public void Begin(Cluster cluster)
    {
        _cluster = cluster;
        _open = 0;
    }

    /// <summary>Asks the cluster's limit for one retry; true when admitted.</summary>
    public bool TryAdmit()
    {
        if (!observer.TryBeginRetry(_cluster!))
        {
            return false;
        }

        Volatile.Write(ref _open, 1);
        return true;
    }

    /// <summary>Takes the open admission for the attempt that uses it; true when there was one (release it with <see cref="Release"/>).</summary>
    public bool TakeOpen() => Interlocked.Exchange(ref _open, 0) == 1;

    public void Release() => observer.EndRetry(_cluster!);

    /// <summary>The request ended: an admission still open (its retry never ran) is released.</summary>
    public void End()
    {
        if (TakeOpen())
        {
            Release();
        }

        _cluster = null;
    }
}
