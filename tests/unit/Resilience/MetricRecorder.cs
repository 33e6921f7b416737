using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>Records the counter measurements of one <see cref="Meter"/> instance (so parallel tests never see each other's).</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, string?> Tags)> _measurements = new();

    public MetricRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString()))));
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements, optionally only those with tag <paramref name="tag"/> = <paramref name="value"/>.</summary>
    public long Sum(string instrument, string? tag = null, string? value = null) =>
        _measurements.Where(m => m.Instrument == instrument && (tag is null || m.Tags.GetValueOrDefault(tag) == value)).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
