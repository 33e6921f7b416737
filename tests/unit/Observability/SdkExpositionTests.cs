using System.Diagnostics.Metrics;
using System.Text;
using GatewayMesh.Proxy.Telemetry.Exposition;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace GatewayMesh.UnitTests.Observability;

public sealed class SdkExpositionTests
{
    [Fact]
    public void Collect_SdkMeters_FollowPrometheusNamingWithoutScopeLabels_MixerNamesVerbatim()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var mesh = new Meter($"GatewayMesh.Test{suffix}");
        using var mixer = new Meter($"GatewayMesh.Mixer{suffix}");
        var reader = new SdkMetricsReader();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(mesh.Name, mixer.Name).AddReader(reader.Reader).Build();
        mesh.CreateCounter<long>("gatewaymesh.test.retries", "{retry}", "Retries").Add(3, new KeyValuePair<string, object?>("cluster", "outbound|9080||reviews"));
        mesh.CreateHistogram<double>("gatewaymesh.test.wait", "s", "Wait").Record(0.2);
        mesh.CreateUpDownCounter<long>("gatewaymesh.test.open", "{connection}").Add(2);
        mixer.CreateCounter<double>("istio_double_request_count", null, "Mixer metric").Add(2, new KeyValuePair<string, object?>("source", "productpage"));

        var text = new StringBuilder();
        reader.Collect(text);
        var output = text.ToString();

        Assert.Contains("# TYPE gatewaymesh_test_retries_total counter\n", output);
        Assert.Contains("gatewaymesh_test_retries_total{cluster=\"outbound|9080||reviews\"} 3\n", output);
        Assert.Contains("# TYPE gatewaymesh_test_wait_seconds histogram\n", output);
        Assert.Contains("gatewaymesh_test_wait_seconds_count 1\n", output);
        Assert.Contains("gatewaymesh_test_wait_seconds_bucket{le=\"+Inf\"} 1\n", output);
        Assert.Contains("# TYPE gatewaymesh_test_open gauge\n", output);
        Assert.Contains("# TYPE istio_double_request_count counter\n", output);
        Assert.Contains("istio_double_request_count{source=\"productpage\"} 2\n", output);
        Assert.DoesNotContain("otel_scope", output);
    }
}
