using System.Collections.Concurrent;

namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>
/// Istio's standard metrics for one proxy, pre-aggregated per edge: a request finds its edge's <see cref="EdgeStats"/>
/// with one dictionary lookup on a struct key of interned references, then adds with interlocked operations. Nothing is
/// allocated per request once the edge exists. The exposition (<see cref="IstioMetricsExposition"/>) reads the edges
/// when scraped. The number of edges is capped; requests on edges beyond the cap are counted, not kept.
/// </summary>
public sealed class IstioMetricsRecorder
{
    public const int DefaultMaxEdges = 10_000;

    private readonly ConcurrentDictionary<EdgeKey, EdgeStats> _edges = new();
    private long _dropped;

    public IstioMetricsRecorder(int maxEdges = DefaultMaxEdges) => MaxEdges = maxEdges;

    public int MaxEdges { get; }

    /// <summary>Requests and connection events not recorded because the edge cap was reached.</summary>
    public long DroppedRecords => Volatile.Read(ref _dropped);

    public int EdgeCount => _edges.Count;

    /// <summary>Records a finished HTTP or gRPC request with the metrics <paramref name="enabled"/> for its side.</summary>
    public void Record(in MetricRecord record, StandardMetrics enabled, TagShape? shape = null, string[]? overrideValues = null)
    {
        if ((enabled & StandardMetrics.Http) == 0)
        {
            return;
        }

        if (Find(new EdgeKey(record, shape, overrideValues), tcp: false) is { } stats)
        {
            stats.RecordRequest(record, enabled);
        }
    }

    /// <summary>Records TCP connection events and bytes on a TCP edge (<paramref name="record"/>'s protocol is taken as TCP).</summary>
    public void RecordTcp(in MetricRecord record, long opened, long closed, long sent, long received, StandardMetrics enabled)
    {
        if ((enabled & StandardMetrics.Tcp) == 0)
        {
            return;
        }

        var tcp = record;
        tcp.Protocol = RequestProtocol.Tcp;
        if (Find(new EdgeKey(tcp, null, null), tcp: true) is { } stats)
        {
            stats.RecordTcp(opened, closed, sent, received, enabled);
        }
    }

    /// <summary>
    /// Counts one opened TCP stream on its edge and returns the edge, to which the stream's bytes and its close are then
    /// added as they happen (<see cref="TcpEdgeStream"/>); null when TCP metrics are off or the edge cap is reached.
    /// </summary>
    public EdgeStats? OpenTcp(in MetricRecord record, StandardMetrics enabled)
    {
        if ((enabled & StandardMetrics.Tcp) == 0)
        {
            return null;
        }

        var tcp = record;
        tcp.Protocol = RequestProtocol.Tcp;
        var stats = Find(new EdgeKey(tcp, null, null), tcp: true);
        stats?.RecordTcp(opened: 1, closed: 0, sent: 0, received: 0, enabled);
        return stats;
    }

    /// <summary>Every edge and its figures, as of now (for the exposition and tests).</summary>
    public IEnumerable<KeyValuePair<EdgeKey, EdgeStats>> Edges => _edges;

    private EdgeStats? Find(EdgeKey key, bool tcp)
    {
        if (_edges.TryGetValue(key, out var stats))
        {
            return stats;
        }

        if (_edges.Count >= MaxEdges)
        {
            Interlocked.Increment(ref _dropped);
            return null;
        }

        return _edges.GetOrAdd(key, static (_, tcp) => new EdgeStats(tcp), tcp);
    }
}
