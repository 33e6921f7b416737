using System.Text;
using GatewayMesh.Proxy.Telemetry.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace GatewayMesh.Proxy.Telemetry.Exposition;

/// <summary>
/// <c>/stats/prometheus</c> on the admin listener, as Istio's proxies serve it: Istio's standard metrics from the
/// pre-aggregated <see cref="IstioMetricsRecorder"/>, then every meter the OpenTelemetry SDK collects in this proxy
/// (.NET runtime: CPU, GC, memory, thread pool; resilience and authorization counters; the ejected-endpoints gauge;
/// access-log drops; and any meter named <c>GatewayMesh.*</c> that another component registers). Text format 0.0.4.
/// </summary>
public sealed class StatsEndpoint(IstioMetricsRecorder recorder, MeterProvider meters, SdkMetricsReader reader)
{
    public const string Path = "/stats/prometheus";

    public static IResult? Find(HttpContext context)
    {
        if (context.Request.Path.Value != Path)
        {
            return null;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return Results.Text("only GET\n", statusCode: StatusCodes.Status405MethodNotAllowed);
        }

        return context.RequestServices.GetService<StatsEndpoint>() is { } stats
            ? Results.Text(stats.Render(), PrometheusText.ContentType, Encoding.UTF8)
            : Results.Text("telemetry is not enabled on this proxy\n", statusCode: StatusCodes.Status404NotFound);
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
