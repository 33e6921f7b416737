using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using GatewayMesh.Proxy.Policy.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.IntegrationTests.Policy;

/// <summary>
/// Istio's "Collecting Metrics" task on a real ingress: the <c>doublerequestcount</c> metric instance with a
/// <c>prometheus</c> handler becomes the counter <c>istio_double_request_count</c> on the proxy's <c>GatewayMesh.Mixer</c>
/// meter, counting 2 per request with the handler's labels (observed with a MeterListener limited to this ingress's
/// meters), and served on the proxy's Prometheus endpoint (<c>/stats/prometheus</c> on its admin port).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class MixerMetricTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, string?> Tags)> _measurements = new();
    private readonly SemaphoreSlim _measured = new(0);
    private IngressHarness _ingress = null!;
    private MeterListener? _listener;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis, _ => { });
        await _ingress.AddUpstreamAsync("productpage", "productpage-1");
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(PolicyConfigs.ProductpageRoute));
        var meters = _ingress.Services.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MixerMetricInstruments.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var labels = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                labels[tag.Key] = tag.Value?.ToString();
            }

            _measurements.Enqueue((instrument.Name, value, labels));
            _measured.Release();
        });
        _listener.Start();
    }

    public async Task DisposeAsync()
    {
        _listener?.Dispose();
        await _ingress.DisposeAsync();
    }

    [Fact]
    public async Task DoubleRequestCount_PrometheusHandler_CountsTwicePerRequestWithItsLabels()
    {
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "policy", "mixer-rule-double-request-count.yaml"))));

        for (var i = 0; i < 3; i++)
        {
            using var response = await _ingress.Client.GetAsync(new Uri("/productpage", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        // Recorded after each response by the background writer: wait for three measurements, never for a time.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await _measured.WaitAsync(IngressHarness.Timeout), $"{i} of 3 measurements after {IngressHarness.Timeout}");
        }

        var measurements = _measurements.ToArray();
        Assert.Equal(3, measurements.Length);
        Assert.All(measurements, m =>
        {
            Assert.Equal("istio_double_request_count", m.Name);
            Assert.Equal(2, m.Value);
            Assert.Equal(["destination", "message", "reporter", "source"], m.Tags.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("client", m.Tags["reporter"]); // the ingress reports as the client side (context.reporter.kind = outbound)
            Assert.Equal("twice the fun!", m.Tags["message"]);
            Assert.Equal("unknown", m.Tags["source"]); // an outside caller has no workload
        });

        // What Prometheus scrapes: the proxy's own endpoint serves the counter under Mixer's name with the handler's labels.
        using var scrape = await _ingress.Admin.GetAsync(new Uri("/stats/prometheus", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, scrape.StatusCode);
        var exposition = await scrape.Content.ReadAsStringAsync();
        var series = exposition.Split('\n').Where(line => line.StartsWith("istio_double_request_count", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(series);
        Assert.Contains("message=\"twice the fun!\"", line);
        Assert.Contains("reporter=\"client\"", line);
        Assert.EndsWith(" 6", line);
    }
}
