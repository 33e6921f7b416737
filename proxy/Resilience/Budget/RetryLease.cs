using GatewayMesh.Proxy.Resilience.Load;

namespace GatewayMesh.Proxy.Resilience.Budget;

/// <summary>
/// The answer to "may I retry?": <see cref="Acquired"/> says yes, and the retry is counted in flight until the lease is
/// disposed. A struct: asking allocates nothing. Dispose exactly once; a refused or default lease counts nothing.
/// </summary>
public readonly struct RetryLease : IDisposable
{
    private readonly ClusterLoad? _load;

    internal RetryLease(ClusterLoad load) => _load = load;

    public bool Acquired => _load is not null;

    public void Dispose()
    {
        if (_load is not null)
        {
            Interlocked.Decrement(ref _load.ActiveRetryCount);
        }
    }
}
