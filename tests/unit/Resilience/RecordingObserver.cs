using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Resilience;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>An <see cref="IUpstreamObserver"/> that records what the pipeline reports and admits retries when told to.</summary>
internal sealed class RecordingObserver : IUpstreamObserver
{
    private readonly Lock _lock = new();
    private readonly List<int> _statuses = [];
    private int _asked;
    private int _ended;

    public bool AdmitRetries { get; init; } = true;

    public int RetriesAsked => Volatile.Read(ref _asked);

    public int RetriesEnded => Volatile.Read(ref _ended);

    public IReadOnlyList<int> Statuses
    {
        get
        {
            lock (_lock)
            {
                return [.. _statuses];
            }
        }
    }

    public void AttemptCompleted(Cluster cluster, Endpoint endpoint, int? status, AttemptFailure? failure)
    {
        lock (_lock)
        {
            _statuses.Add(status ?? -1);
        }
    }

    public bool TryBeginRetry(Cluster cluster)
    {
        Interlocked.Increment(ref _asked);
        return AdmitRetries;
    }

    public void EndRetry(Cluster cluster) => Interlocked.Increment(ref _ended);
}
