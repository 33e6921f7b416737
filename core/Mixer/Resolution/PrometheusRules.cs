using GatewayMesh.Core.Config.Model.Mixer;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>prometheus params: valid, distinct metric and label names, a kind, and buckets for distributions.</summary>
internal static class PrometheusRules
{
    public static void Check(PrometheusParams prometheus, string path, MixerErrorSink sink)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < prometheus.Metrics.Count; i++)
        {
            var metric = prometheus.Metrics[i];
            var at = $"{path}.metrics[{i}]";
            if (string.IsNullOrWhiteSpace(metric.Name))
            {
                sink.Add($"{at}.name", "required field is missing");
            }
            else if (!IsMetricName(metric.Name))
            {
                sink.Add($"{at}.name", $"\"{metric.Name}\" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
            }
            else if (!names.Add(PrometheusNames.FullName(metric)))
            {
                sink.Add($"{at}.name", $"metric {PrometheusNames.FullName(metric)} is defined twice");
            }

            if (metric.Namespace is { Length: > 0 } ns && !IsMetricName(ns))
            {
                sink.Add($"{at}.namespace", $"\"{ns}\" is not a valid metric name prefix");
            }

            if (string.IsNullOrWhiteSpace(metric.InstanceName))
            {
                sink.Add($"{at}.instanceName", "required field is missing (the metric instance's full name, e.g. requestcount.instance.istio-system)");
            }

            if (metric.Kind is null or PrometheusMetricKind.Unspecified)
            {
                sink.Add($"{at}.kind", "required field is missing (one of GAUGE, COUNTER, DISTRIBUTION)");
            }

            Labels(metric, at, sink);
            Buckets(metric, at, sink);
        }
    }

    private static void Labels(PrometheusMetricInfo metric, string at, MixerErrorSink sink)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < metric.LabelNames.Count; j++)
        {
            var label = metric.LabelNames[j];
            if (!IsLabelName(label))
            {
                sink.Add($"{at}.labelNames[{j}]", $"\"{label}\" is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
            }
            else if (!labels.Add(label))
            {
                sink.Add($"{at}.labelNames[{j}]", $"label \"{label}\" is given twice");
            }
        }
    }

    private static void Buckets(PrometheusMetricInfo metric, string at, MixerErrorSink sink)
    {
        var buckets = metric.Buckets;
        if (metric.Kind != PrometheusMetricKind.Distribution)
        {
            if (buckets is not null)
            {
                sink.Add($"{at}.buckets", "buckets apply only to a DISTRIBUTION");
            }

            return;
        }

        var forms = new object?[] { buckets?.LinearBuckets, buckets?.ExponentialBuckets, buckets?.ExplicitBuckets }.Count(b => b is not null);
        if (forms != 1)
        {
            sink.Add($"{at}.buckets", "a DISTRIBUTION needs exactly one of linearBuckets, exponentialBuckets, explicitBuckets");
            return;
        }

        if (PrometheusNames.Bounds(buckets!) is null)
        {
            sink.Add($"{at}.buckets", buckets!.LinearBuckets is not null
                ? "linearBuckets needs numFiniteBuckets between 1 and 1000 and a width > 0"
                : buckets.ExponentialBuckets is not null
                    ? "exponentialBuckets needs numFiniteBuckets between 1 and 1000, a growthFactor > 1 and a scale > 0"
                    : "explicitBuckets needs between 1 and 1000 bounds, strictly increasing");
        }
    }

    public static bool IsMetricName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    public static bool IsLabelName(string name) =>
        name.Length > 0 && !name.StartsWith("__", StringComparison.Ordinal) && (char.IsAsciiLetter(name[0]) || name[0] == '_') &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

/// <summary>How the prometheus adapter names metrics and computes bucket bounds.</summary>
public static class PrometheusNames
{
    /// <summary><c>namespace_name</c>, the namespace being <c>istio</c> unless set: <c>double_request_count</c> is <c>istio_double_request_count</c>.</summary>
    public static string FullName(PrometheusMetricInfo metric) =>
        $"{(string.IsNullOrEmpty(metric.Namespace) ? "istio" : metric.Namespace)}_{metric.Name}";

    /// <summary>The finite upper bounds of a distribution's buckets, or null when the definition is invalid.</summary>
    public static double[]? Bounds(PrometheusBuckets buckets)
    {
        if (buckets.LinearBuckets is { } linear)
        {
            return linear.NumFiniteBuckets is >= 1 and <= 1000 && linear.Width > 0
                ? Enumerable.Range(0, linear.NumFiniteBuckets.Value).Select(i => (linear.Offset ?? 0) + (linear.Width.Value * i)).ToArray()
                : null;
        }

        if (buckets.ExponentialBuckets is { } exponential)
        {
            return exponential.NumFiniteBuckets is >= 1 and <= 1000 && exponential.GrowthFactor > 1 && exponential.Scale > 0
                ? Enumerable.Range(0, exponential.NumFiniteBuckets.Value).Select(i => exponential.Scale.Value * Math.Pow(exponential.GrowthFactor.Value, i)).ToArray()
                : null;
        }

        var bounds = buckets.ExplicitBuckets?.Bounds.ToArray() ?? [];
        return bounds.Length is >= 1 and <= 1000 && bounds.Zip(bounds.Skip(1)).All(p => p.First < p.Second) ? bounds : null;
    }
}
