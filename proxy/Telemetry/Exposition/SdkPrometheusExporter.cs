using System.Text;
using GatewayMesh.Proxy.Telemetry.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace GatewayMesh.Proxy.Telemetry.Exposition;

/// <summary>
/// Writes what the OpenTelemetry SDK collected (runtime, resilience, authorization, access-log and any other mesh
/// meter) as Prometheus text, following the OpenTelemetry-to-Prometheus mapping: dots become underscores, the unit is
/// appended (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>, <c>ms</c> → <c>_milliseconds</c>; <c>{...}</c>
/// annotations are dropped), monotonic sums are counters with <c>_total</c>, other sums and gauges are gauges. Unlike
/// the SDK's own Prometheus exporter it adds no <c>otel_scope_name</c> label, so these series sit beside Istio's in
/// the same response with the same conventions. Instruments of meters named <c>GatewayMesh.Mixer*</c> (the policy
/// engine's Mixer <c>prometheus</c> adapter) keep their names as given. Used only through <see cref="Collect"/>, on a scrape.
/// </summary>
internal sealed class SdkPrometheusExporter : BaseExporter<Metric>
{
    /// <summary>Meters whose instruments are already named as Prometheus should show them: no unit or <c>_total</c> is appended.</summary>
    public const string VerbatimMeterPrefix = "GatewayMesh.Mixer";

    private StringBuilder? _target;

    public void Collect(MetricReader reader, StringBuilder output)
    {
        lock (this)
        {
            _target = output;
            try
            {
                reader.Collect(5000);
            }
            finally
            {
                _target = null;
            }
        }
    }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        if (_target is not { } output)
        {
            return ExportResult.Success;
        }

        foreach (var metric in batch)
        {
            Write(metric, output);
        }

        return ExportResult.Success;
    }

    private static void Write(Metric metric, StringBuilder output)
    {
        var (type, counter) = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => ("counter", true),
            MetricType.Histogram => ("histogram", false),
            MetricType.ExponentialHistogram => ("", false),
            _ => ("gauge", false),
        };
        if (type.Length == 0)
        {
            return; // exponential histograms have no text form
        }

        var name = metric.MeterName.StartsWith(VerbatimMeterPrefix, StringComparison.Ordinal)
            ? Sanitize(metric.Name) // Mixer's prometheus adapter names its metrics exactly (istio_double_request_count)
            : Name(metric.Name, metric.Unit, counter);
        output.Append("# HELP ").Append(name).Append(' ').Append(Help(metric.Description)).Append('\n');
        output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point);
            switch (metric.MetricType)
            {
                case MetricType.Histogram:
                    long cumulative = 0;
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        cumulative += bucket.BucketCount;
                        var le = double.IsPositiveInfinity(bucket.ExplicitBound) ? "+Inf" : PrometheusText.Number(bucket.ExplicitBound);
                        output.Append(name).Append("_bucket{").Append(labels).Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append("\"} ")
                            .Append(PrometheusText.Number(cumulative)).Append('\n');
                    }

                    Sample(output, name + "_sum", labels, PrometheusText.Number(point.GetHistogramSum()));
                    Sample(output, name + "_count", labels, PrometheusText.Number(point.GetHistogramCount()));
                    break;
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(output, name, labels, PrometheusText.Number(point.GetSumLong()));
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(output, name, labels, PrometheusText.Number(point.GetSumDouble()));
                    break;
                case MetricType.LongGauge:
                    Sample(output, name, labels, PrometheusText.Number(point.GetGaugeLastValueLong()));
                    break;
                case MetricType.DoubleGauge:
                    Sample(output, name, labels, PrometheusText.Number(point.GetGaugeLastValueDouble()));
                    break;
            }
        }
    }

    private static void Sample(StringBuilder output, string name, string labels, string value)
    {
        output.Append(name);
        if (labels.Length > 0)
        {
            output.Append('{').Append(labels).Append('}');
        }

        output.Append(' ').Append(value).Append('\n');
    }

    private static string Labels(in MetricPoint point)
    {
        var text = new StringBuilder().Append('{');
        foreach (var tag in point.Tags)
        {
            PrometheusText.AppendLabel(text, Sanitize(tag.Key), tag.Value?.ToString() ?? "");
        }

        return text.ToString(1, text.Length - 1);
    }

    /// <summary>The Prometheus name of an OpenTelemetry instrument.</summary>
    internal static string Name(string instrument, string? unit, bool counter)
    {
        var name = Sanitize(instrument);
        var suffix = Unit(unit);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        if (counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    private static string Unit(string? unit) => unit switch
    {
        null or "" or "1" => "",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        _ when unit.StartsWith('{') => "",
        _ => Sanitize(unit),
    };

    private static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':' ? c : '_');
        }

        if (text.Length > 0 && char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }

        return text.ToString();
    }

    private static string Help(string? description) =>
        string.IsNullOrEmpty(description) ? "" : description.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
