using GatewayMesh.Proxy.Resilience.Load;

namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>
/// One admitted request to a cluster, counted until disposed. A struct: admission allocates nothing. Dispose exactly
/// once (copies share the count); a default lease counts nothing.
/// </summary>
public readonly struct RequestLease : IDisposable
{
    private readonly ClusterLoad? _load;

    internal RequestLease(ClusterLoad load) => _load = load;

    public void Dispose()
    {
        if (_load is not null)
        {
            Interlocked.Decrement(ref _load.ActiveRequestCount);
        }
    }
}
