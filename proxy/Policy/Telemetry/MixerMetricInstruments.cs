using System.Diagnostics;
using System.Diagnostics.Metrics;
using GatewayMesh.Core.Config.Model.Mixer;

namespace GatewayMesh.Proxy.Policy.Telemetry;

/// <summary>
/// The prometheus adapter's metrics as instruments on the <c>GatewayMesh.Mixer</c> meter, which the proxy's Prometheus
/// endpoint serves: COUNTER a counter, GAUGE a gauge, DISTRIBUTION a histogram with the handler's buckets. When the
/// config's metric definitions change, the meter is replaced (its series end, as Mixer's did when a handler changed).
/// Used only by the background writer.
/// </summary>
public sealed class MixerMetricInstruments(IMeterFactory? meterFactory = null) : IDisposable
{
    public const string MeterName = "GatewayMesh.Mixer";

    private readonly Dictionary<MetricDefinition, Instrument> _instruments = [];
    private IReadOnlyList<MetricDefinition> _definitions = [];
    private Meter? _meter;

    public void Record(MetricItem item)
    {
        if (!ReferenceEquals(item.Config.Metrics, _definitions))
        {
            Sync(item.Config.Metrics);
        }

        if (!_instruments.TryGetValue(item.Metric, out var instrument))
        {
            return;
        }

        var tags = new TagList();
        for (var i = 0; i < item.Labels.Length; i++)
        {
            tags.Add(item.Metric.LabelNames[i], item.Labels[i]);
        }

        switch (instrument)
        {
            case Counter<double> counter:
                counter.Add(item.Value, tags);
                break;
            case Gauge<double> gauge:
                gauge.Record(item.Value, tags);
                break;
            case Histogram<double> histogram:
                histogram.Record(item.Value, tags);
                break;
        }
    }

    private void Sync(IReadOnlyList<MetricDefinition> definitions)
    {
        var same = definitions.Count == _instruments.Count && definitions.All(_instruments.ContainsKey);
        _definitions = definitions;
        if (same)
        {
            return;
        }

        _meter?.Dispose();
        _instruments.Clear();
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        foreach (var definition in definitions.Distinct())
        {
            _instruments[definition] = definition.Kind switch
            {
                PrometheusMetricKind.Gauge => _meter.CreateGauge<double>(definition.Name, null, definition.Description),
                PrometheusMetricKind.Distribution => _meter.CreateHistogram(definition.Name, null, definition.Description, null,
                    new InstrumentAdvice<double> { HistogramBucketBoundaries = definition.Bounds }),
                _ => _meter.CreateCounter<double>(definition.Name, null, definition.Description),
            };
        }
    }

    public void Dispose() => _meter?.Dispose();
}
