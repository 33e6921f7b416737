using System.Threading.Channels;

namespace GatewayMesh.Proxy.Policy.Telemetry;

/// <summary>
/// The bounded buffer between the record phase and the background writer, as Mixer's client buffered outgoing
/// telemetry: writing never waits; when it is full the item is dropped and counted
/// (<c>gatewaymesh_policy_telemetry_dropped_total</c>).
/// </summary>
public sealed class TelemetryBuffer(PolicyMetrics metrics, int capacity = TelemetryBuffer.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly Channel<TelemetryItem> _channel = Channel.CreateBounded<TelemetryItem>(new BoundedChannelOptions(capacity)
    {
        FullMode = BoundedChannelFullMode.Wait, // with TryWrite: a full buffer refuses, and we count the drop
        SingleReader = true,
    });

    public ChannelReader<TelemetryItem> Reader => _channel.Reader;

    public void Add(TelemetryItem item)
    {
        if (!_channel.Writer.TryWrite(item))
        {
            metrics.TelemetryDroppedOne();
        }
    }

    public void Complete() => _channel.Writer.TryComplete();
}
