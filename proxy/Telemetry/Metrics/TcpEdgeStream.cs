using GatewayMesh.Proxy.Protocols;

namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>
/// One open TCP stream's observer: adds its bytes to its edge as they move and counts the close once. One small object
/// per stream (never per read); the metrics enabled when the stream opened stay its metrics until it closes.
/// </summary>
public sealed class TcpEdgeStream(EdgeStats edge, StandardMetrics enabled) : ITcpStreamObserver
{
    private int _closed;

    public void Received(int bytes) => edge.RecordTcp(0, 0, 0, bytes, enabled);

    public void Sent(int bytes) => edge.RecordTcp(0, 0, bytes, 0, enabled);

    public void Closed()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            edge.RecordTcp(0, 1, 0, 0, enabled);
        }
    }
}
