using System.Diagnostics.Metrics;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Resilience.Outlier;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static GatewayMesh.UnitTests.Resilience.ResilienceFixture;

namespace GatewayMesh.UnitTests.Resilience;

public class ClusterResilienceMetricsTests
{
    [Fact]
    public void Events_EjectionOverflowAndBudget_EachCountedOnceWithClusterTags()
    {
        using var metrics = new ClusterResilienceMetrics();
        var seen = new List<(string Instrument, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            seen.Add((instrument.Name, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();

        var time = new FakeTimeProvider();
        using var registry = new ClusterResilienceRegistry(new OutlierDetector(time, metrics: metrics), metrics: metrics);
        var resilience = registry.Sync(Table(Endpoints(2), new TrafficPolicy
        {
            OutlierDetection = new OutlierDetection { Consecutive5xxErrors = 2 },
            ConnectionPool = new ConnectionPoolSettings { Http = new HttpSettings { Http2MaxRequests = 1, MaxRetries = 0 } },
        }))[Key];

        resilience.Report(0, AttemptOutcome.Response(500));
        resilience.Report(0, AttemptOutcome.Response(500));
        resilience.Pool.TryAcquire(out _, out _);
        resilience.Pool.TryAcquire(out _, out _);
        resilience.Retries.TryAcquireRetry();
        time.Advance(TimeSpan.FromSeconds(30));

        var cluster = Key.ToString();
        Assert.Equal(
            ["gatewaymesh.proxy.ejections", "gatewaymesh.proxy.overflows", "gatewaymesh.proxy.retry_budget_exhausted", "gatewaymesh.proxy.ejection_returns"],
            seen.Select(m => m.Instrument));
        Assert.All(seen, m => Assert.Equal(cluster, m.Tags["cluster"]));
        Assert.Equal("10.0.0.1:9080", seen[0].Tags["endpoint"]);
        Assert.Equal("consecutive_5xx", seen[0].Tags["reason"]);
        Assert.Equal("requests", seen[1].Tags["limit"]);
        Assert.Equal("max_retries", seen[2].Tags["limit"]);
    }

}
