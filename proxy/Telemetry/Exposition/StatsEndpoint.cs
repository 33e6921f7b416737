using System.Text;
using GatewayMesh.Proxy.Admin;
using GatewayMesh.Proxy.Telemetry.Metrics;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Metrics;

namespace GatewayMesh.Proxy.Telemetry.Exposition;

/// <summary>
/// <c>/stats/prometheus</c> on the admin listener (an <see cref="IAdminEndpoint"/>), as Istio's proxies serve it: Istio's standard metrics from the
/// pre-aggregated <see cref="IstioMetricsRecorder"/>, then every meter the OpenTelemetry SDK collects in this proxy
/// (.NET runtime: CPU, GC, memory, thread pool; resilience and authorization counters; the ejected-endpoints gauge;
/// access-log drops; and any meter named <c>GatewayMesh.*</c> that another component registers). Text format 0.0.4.
/// </summary>
public sealed class StatsEndpoint(IstioMetricsRecorder recorder, MeterProvider meters, SdkMetricsReader reader) : IAdminEndpoint
{
    public const string StatsPath = "/stats/prometheus";

    public string Path => StatsPath;

    public Task HandleAsync(HttpContext context)
    {
        var answer = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            ? Results.Text(Render(), PrometheusText.ContentType, Encoding.UTF8)
            : Results.Text("only GET\n", statusCode: StatusCodes.Status405MethodNotAllowed);
        return answer.ExecuteAsync(context);
    }

    /// <summary>The whole exposition as of now.</summary>
    public string Render()
    {
        _ = meters; // owned here so the provider lives as long as the endpoint
        var output = new StringBuilder(16 * 1024);
        IstioMetricsExposition.Write(recorder, output);
        reader.Collect(output);
        return output.ToString();
    }
}

/// <summary>The SDK reader the stats endpoint pulls from (collects only when scraped), with its text exporter.</summary>
public sealed class SdkMetricsReader
{
    private readonly SdkPrometheusExporter _exporter = new();

    public SdkMetricsReader() => Reader = new BaseExportingMetricReader(_exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };

    public MetricReader Reader { get; }

    public void Collect(StringBuilder output) => _exporter.Collect(Reader, output);
}
