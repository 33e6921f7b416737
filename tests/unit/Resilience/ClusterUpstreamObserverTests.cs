using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Resilience;
using Xunit;
using static GatewayMesh.UnitTests.Resilience.ResilienceFixture;

namespace GatewayMesh.UnitTests.Resilience;

public class ClusterUpstreamObserverTests
{
    [Theory]
    [InlineData(503, null, "503")]
    [InlineData(null, AttemptFailure.ConnectFailure, "ConnectFailure")]
    [InlineData(null, AttemptFailure.PerTryTimeout, "Timeout")]
    [InlineData(null, AttemptFailure.Reset, "Reset")]
    [InlineData(null, AttemptFailure.RefusedStream, "Reset")]
    [InlineData(null, AttemptFailure.Other, null)]
    public void Outcome_PipelineResult_MapsToWhatOutlierDetectionCounts(int? status, AttemptFailure? failure, string? expected) =>
        Assert.Equal(expected, ClusterUpstreamObserver.Outcome(status, failure)?.ToString());

    [Fact]
    public void AttemptCompleted_RunOf5xx_EjectsTheEndpoint()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Detecting(new OutlierDetection { Consecutive5xxErrors = 2 }));
        var observer = new ClusterUpstreamObserver(mesh.Registry);

        observer.AttemptCompleted(mesh.Entry.Cluster, Endpoint(2), 502, null);
        observer.AttemptCompleted(mesh.Entry.Cluster, Endpoint(2), null, AttemptFailure.ConnectFailure);

        Assert.True(mesh.IsEjected(2));
    }

    [Fact]
    public void TryBeginRetry_MaxRetriesInFlight_RefusesUntilOneEnds()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), new TrafficPolicy { ConnectionPool = new ConnectionPoolSettings { Http = new HttpSettings { MaxRetries = 1 } } });
        var observer = new ClusterUpstreamObserver(mesh.Registry);
        var cluster = mesh.Entry.Cluster;

        Assert.True(observer.TryBeginRetry(cluster));
        Assert.False(observer.TryBeginRetry(cluster));
        observer.EndRetry(cluster);
        observer.EndRetry(cluster); // an extra end never drives the count below zero

        Assert.True(observer.TryBeginRetry(cluster));
        Assert.False(observer.TryBeginRetry(cluster));
    }
}
