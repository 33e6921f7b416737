using System.Text;
using GatewayMesh.Proxy.Pipeline;

namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>
/// Writes the recorder's edges as Istio's metric families in Prometheus text: one <c># TYPE</c> and <c># HELP</c> per
/// family, then one series per distinct label set (edges whose labels coincide after tag overrides are summed).
/// </summary>
public static class IstioMetricsExposition
{
    private static readonly (StandardMetrics Metric, string Type, string Help)[] Families =
    [
        (StandardMetrics.RequestCount, "counter", "Requests handled by the proxy, per source and destination workload, service, response code and flags."),
        (StandardMetrics.RequestDuration, "histogram", "Request duration in milliseconds."),
        (StandardMetrics.RequestSize, "histogram", "HTTP request body sizes in bytes."),
        (StandardMetrics.ResponseSize, "histogram", "HTTP response body sizes in bytes."),
        (StandardMetrics.TcpSentBytes, "counter", "Bytes sent to the client on TCP connections."),
        (StandardMetrics.TcpReceivedBytes, "counter", "Bytes received from the client on TCP connections."),
        (StandardMetrics.TcpOpenedConnections, "counter", "TCP connections opened."),
        (StandardMetrics.TcpClosedConnections, "counter", "TCP connections closed."),
    ];

    public static void Write(IstioMetricsRecorder recorder, StringBuilder output)
    {
        var edges = recorder.Edges.ToArray();
        foreach (var (metric, type, help) in Families)
        {
            var series = new Dictionary<string, Series>(StringComparer.Ordinal);
            foreach (var (key, stats) in edges)
            {
                if ((stats.Seen & metric) == 0)
                {
                    continue;
                }

                var labels = LabelSet(key, metric);
                if (!series.TryGetValue(labels, out var total))
                {
                    total = new Series(metric);
                    series[labels] = total;
                }

                total.Add(stats);
            }

            if (series.Count == 0)
            {
                continue;
            }

            var name = IstioMetricNames.Of(metric);
            output.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, total) in series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                total.Write(output, name, labels);
            }
        }
    }

    /// <summary>The label set of one edge for one metric, in Istio's order, overrides applied, without braces.</summary>
    internal static string LabelSet(in EdgeKey key, StandardMetrics metric)
    {
        var tags = key.Shape?.For(metric) ?? MetricTags.Unchanged;
        var tcp = key.Protocol == RequestProtocol.Tcp;
        var text = new StringBuilder(512).Append('{');
        foreach (var label in IstioMetricNames.Labels)
        {
            if (tcp && label is "response_code" or "grpc_response_status")
            {
                continue;
            }

            if (tags.Removed.Contains(label) || tags.Upserts.Any(u => u.Label == label))
            {
                continue;
            }

            PrometheusText.AppendLabel(text, label, Value(key, label));
        }

        foreach (var (label, index) in tags.Upserts)
        {
            PrometheusText.AppendLabel(text, label, key.OverrideValues is { } values && index < values.Length ? values[index] : WorkloadInfo.Unknown);
        }

        return text.ToString(1, text.Length - 1);
    }

    private static string Value(in EdgeKey key, string label) => label switch
    {
        "reporter" => key.Reporter == Reporter.Source ? "source" : "destination",
        "source_workload" => key.Source.Name,
        "source_canonical_service" => key.Source.CanonicalService,
        "source_canonical_revision" => key.Source.CanonicalRevision,
        "source_workload_namespace" => key.Source.Namespace,
        "source_principal" => key.SourcePrincipal ?? WorkloadInfo.Unknown,
        "source_app" => key.Source.App,
        "source_version" => key.Source.Version,
        "source_cluster" => key.Source.Cluster,
        "destination_workload" => key.Destination.Name,
        "destination_workload_namespace" => key.Destination.Namespace,
        "destination_principal" => key.DestinationPrincipal ?? WorkloadInfo.Unknown,
        "destination_app" => key.Destination.App,
        "destination_version" => key.Destination.Version,
        "destination_service" => key.Service.Host,
        "destination_canonical_service" => key.Destination.CanonicalService,
        "destination_canonical_revision" => key.Destination.CanonicalRevision,
        "destination_service_name" => key.Service.Name,
        "destination_service_namespace" => key.Service.Namespace,
        "destination_cluster" => key.Destination.Cluster,
        "request_protocol" => key.Protocol switch { RequestProtocol.Grpc => "grpc", RequestProtocol.Tcp => "tcp", _ => "http" },
        "response_code" => PrometheusText.Number((long)key.ResponseCode),
        "grpc_response_status" => key.GrpcStatus < 0 ? "" : PrometheusText.Number((long)key.GrpcStatus),
        "response_flags" => ResponseFlagsFormat.ToEnvoyString(key.Flags),
        "connection_security_policy" => key.Security switch { ConnectionSecurity.MutualTls => "mutual_tls", ConnectionSecurity.None => "none", _ => "unknown" },
        _ => WorkloadInfo.Unknown,
    };

    /// <summary>The figures of one series, summed over the edges that share its labels.</summary>
    private sealed class Series(StandardMetrics metric)
    {
        private long _value;
        private long[]? _buckets;
        private long _sum;
        private HistogramBounds? _bounds;

        public void Add(EdgeStats stats)
        {
            switch (metric)
            {
                case StandardMetrics.RequestCount:
                    _value += stats.Requests;
                    break;
                case StandardMetrics.TcpOpenedConnections:
                    _value += stats.TcpOpened;
                    break;
                case StandardMetrics.TcpClosedConnections:
                    _value += stats.TcpClosed;
                    break;
                case StandardMetrics.TcpSentBytes:
                    _value += stats.TcpSentBytes;
                    break;
                case StandardMetrics.TcpReceivedBytes:
                    _value += stats.TcpReceivedBytes;
                    break;
                default:
                    var cells = metric switch
                    {
                        StandardMetrics.RequestDuration => stats.Duration,
                        StandardMetrics.RequestSize => stats.RequestSize,
                        _ => stats.ResponseSize,
                    };
                    if (cells is not null)
                    {
                        _bounds = cells.Bounds;
                        _buckets ??= new long[cells.Bounds.Labels.Length];
                        _sum += cells.AddTo(_buckets);
                    }

                    break;
            }
        }

        public void Write(StringBuilder output, string name, string labels)
        {
            if (_buckets is null || _bounds is null)
            {
                output.Append(name).Append('{').Append(labels).Append("} ").Append(PrometheusText.Number(_value)).Append('\n');
                return;
            }

            for (var i = 0; i < _buckets.Length; i++)
            {
                output.Append(name).Append("_bucket{").Append(labels).Append(",le=\"").Append(_bounds.Labels[i]).Append("\"} ")
                    .Append(PrometheusText.Number(_buckets[i])).Append('\n');
            }

            output.Append(name).Append("_sum{").Append(labels).Append("} ").Append(PrometheusText.Number((double)_sum / _bounds.Scale)).Append('\n');
            output.Append(name).Append("_count{").Append(labels).Append("} ").Append(PrometheusText.Number(_buckets[^1])).Append('\n');
        }
    }
}
