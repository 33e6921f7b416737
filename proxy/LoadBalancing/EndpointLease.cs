namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// Counts one request in flight to one endpoint until disposed. A struct: taking and returning a lease allocates
/// nothing. Dispose exactly once (copies share the count); a default lease counts nothing.
/// </summary>
public readonly struct EndpointLease : IDisposable
{
    private readonly int[]? _inFlight;
    private readonly int _index;

    internal EndpointLease(int[] inFlight, int index)
    {
        _inFlight = inFlight;
        _index = index;
        Interlocked.Increment(ref inFlight[index]);
    }

    public void Dispose()
    {
        if (_inFlight is not null)
        {
            Interlocked.Decrement(ref _inFlight[_index]);
        }
    }
}
