using System.Diagnostics.Metrics;
using GatewayMesh.Proxy.Admin;
using GatewayMesh.Proxy.State;
using GatewayMesh.Proxy.Telemetry.AccessLog;
using GatewayMesh.Proxy.Telemetry.Metrics;

namespace GatewayMesh.Proxy.Telemetry.Exposition;

/// <summary>
/// The proxy's own observable meters on <c>GatewayMesh.Proxy.Telemetry</c>: endpoints ejected by outlier detection
/// (per cluster, read from the live health view when scraped), access-log lines dropped because stdout could not keep
/// up, and metric records dropped at the edge cap. Nothing here runs on the request path.
/// </summary>
public sealed class ProxyMeters : IDisposable
{
    public const string MeterName = "GatewayMesh.Proxy.Telemetry";

    private readonly Meter _meter;

    public ProxyMeters(ProxyState state, IEndpointHealthView? health, IstioMetricsRecorder recorder, AccessLogWriter? accessLog, IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("gatewaymesh.proxy.ejected_endpoints", () => Ejected(state, health ?? AllEndpointsHealthy.Instance), "{endpoint}",
            "Endpoints currently ejected by outlier detection, per cluster");
        if (accessLog is not null)
        {
            _meter.CreateObservableCounter("gatewaymesh.proxy.access_log.dropped_lines", () => accessLog.DroppedLines, "{line}",
                "Access-log lines dropped because the output could not keep up");
            _meter.CreateObservableCounter("gatewaymesh.proxy.access_log.written_lines", () => accessLog.WrittenLines, "{line}",
                "Access-log lines written");
        }

        _meter.CreateObservableCounter("gatewaymesh.proxy.metrics.dropped_records", () => recorder.DroppedRecords, "{record}",
            "Requests not counted in the standard metrics because the edge limit was reached");
        _meter.CreateObservableGauge("gatewaymesh.proxy.metrics.edges", () => recorder.EdgeCount, "{edge}",
            "Distinct label sets held for the standard metrics");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<int>> Ejected(ProxyState state, IEndpointHealthView health)
    {
        var config = state.Current;
        foreach (var (key, cluster) in config.Clusters.Clusters)
        {
            var ejected = 0;
            foreach (var endpoint in cluster.Endpoints)
            {
                if (!health.Get(key, endpoint).IsHealthy)
                {
                    ejected++;
                }
            }

            yield return new Measurement<int>(ejected, new KeyValuePair<string, object?>("cluster", key.ToString()));
        }
    }
}
