namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>The running figures of one edge: request count and the three HTTP histograms, or the four TCP counters. Interlocked updates only.</summary>
public sealed class EdgeStats
{
    private long _requests;
    private long _tcpOpened;
    private long _tcpClosed;
    private long _tcpSent;
    private long _tcpReceived;
    private int _seen;

    public EdgeStats(bool tcp)
    {
        if (!tcp)
        {
            Duration = new HistogramCells(HistogramBounds.DurationMilliseconds);
            RequestSize = new HistogramCells(HistogramBounds.Bytes);
            ResponseSize = new HistogramCells(HistogramBounds.Bytes);
        }
    }

    public HistogramCells? Duration { get; }

    public HistogramCells? RequestSize { get; }

    public HistogramCells? ResponseSize { get; }

    public long Requests => Volatile.Read(ref _requests);

    public long TcpOpened => Volatile.Read(ref _tcpOpened);

    public long TcpClosed => Volatile.Read(ref _tcpClosed);

    public long TcpSentBytes => Volatile.Read(ref _tcpSent);

    public long TcpReceivedBytes => Volatile.Read(ref _tcpReceived);

    /// <summary>Which metrics have ever been recorded on this edge (a disabled metric leaves no series).</summary>
    public StandardMetrics Seen => (StandardMetrics)Volatile.Read(ref _seen);

    public void RecordRequest(in MetricRecord record, StandardMetrics enabled)
    {
        See(enabled & StandardMetrics.Http);
        if ((enabled & StandardMetrics.RequestCount) != 0)
        {
            Interlocked.Increment(ref _requests);
        }

        if ((enabled & StandardMetrics.RequestDuration) != 0)
        {
            Duration!.Record(record.DurationMicroseconds);
        }

        if ((enabled & StandardMetrics.RequestSize) != 0)
        {
            RequestSize!.Record(record.RequestBytes);
        }

        if ((enabled & StandardMetrics.ResponseSize) != 0)
        {
            ResponseSize!.Record(record.ResponseBytes);
        }
    }

    public void RecordTcp(long opened, long closed, long sent, long received, StandardMetrics enabled)
    {
        See(enabled & StandardMetrics.Tcp);
        if ((enabled & StandardMetrics.TcpOpenedConnections) != 0 && opened != 0)
        {
            Interlocked.Add(ref _tcpOpened, opened);
        }

        if ((enabled & StandardMetrics.TcpClosedConnections) != 0 && closed != 0)
        {
            Interlocked.Add(ref _tcpClosed, closed);
        }

        if ((enabled & StandardMetrics.TcpSentBytes) != 0 && sent != 0)
        {
            Interlocked.Add(ref _tcpSent, sent);
        }

        if ((enabled & StandardMetrics.TcpReceivedBytes) != 0 && received != 0)
        {
            Interlocked.Add(ref _tcpReceived, received);
        }
    }

    private void See(StandardMetrics metrics)
    {
        var bits = (int)metrics;
        if ((Volatile.Read(ref _seen) & bits) != bits)
        {
            Interlocked.Or(ref _seen, bits);
        }
    }
}
