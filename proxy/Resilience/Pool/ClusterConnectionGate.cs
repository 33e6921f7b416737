namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>
/// <c>tcp.maxConnections</c> for one cluster, as Envoy counts it: the connections open (or opening) to all of the
/// cluster's endpoints together. A new connection may open while fewer than the cap are open, or when its endpoint has
/// none at all (Envoy's rule, so a request to that endpoint is never stuck behind other endpoints' connections).
/// Otherwise the connect waits until a connection of the cluster closes, or its connect timeout passes.
/// One per upstream client of a cluster with the field set; its connections count from connect to close.
/// </summary>
public sealed class ClusterConnectionGate(int maxConnections)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _perEndpoint = new(StringComparer.Ordinal);
    private TaskCompletionSource _closed = NewSignal();
    private int _open;

    public int MaxConnections => maxConnections;

    /// <summary>Connections open or opening to the cluster.</summary>
    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>Takes a connection slot for <paramref name="endpoint"/> (<c>address:port</c>), waiting if the cluster is at its cap.</summary>
    public async ValueTask<ConnectionSlot> EnterAsync(string endpoint, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task closed;
            lock (_lock)
            {
                var mine = _perEndpoint.GetValueOrDefault(endpoint);
                if (_open < maxConnections || mine == 0)
                {
                    _open++;
                    _perEndpoint[endpoint] = mine + 1;
                    return new ConnectionSlot(this, endpoint);
                }

                closed = _closed.Task;
            }

            await closed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Leave(string endpoint)
    {
        TaskCompletionSource closed;
        lock (_lock)
        {
            _open--;
            var left = _perEndpoint[endpoint] - 1;
            if (left == 0)
            {
                _perEndpoint.Remove(endpoint);
            }
            else
            {
                _perEndpoint[endpoint] = left;
            }

            closed = _closed;
            _closed = NewSignal();
        }

        closed.SetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One connection's place under the cap; disposing it (once the connection closes) frees the place.</summary>
    public sealed class ConnectionSlot : IDisposable
    {
        private ClusterConnectionGate? _gate;
        private readonly string _endpoint;

        internal ConnectionSlot(ClusterConnectionGate gate, string endpoint)
        {
            _gate = gate;
            _endpoint = endpoint;
        }

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Leave(_endpoint);
    }
}
