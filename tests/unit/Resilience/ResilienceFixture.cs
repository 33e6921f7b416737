using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Resilience.Outlier;
using GatewayMesh.Proxy.Routing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>A <see cref="ClusterState"/> with resilience on a <see cref="FakeTimeProvider"/>, and one-cluster tables to feed it.</summary>
internal sealed class ResilienceFixture : IDisposable
{
    public static readonly ClusterKey Key = new("reviews.default.svc.cluster.local", null, null);

    public ResilienceFixture()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Outliers = new OutlierDetector(Time);
        Registry = new ClusterResilienceRegistry(Outliers);
        State = new ClusterState(new LoadBalancerFactory(new Random(1)), Registry);
    }

    public FakeTimeProvider Time { get; }

    public OutlierDetector Outliers { get; }

    public ClusterResilienceRegistry Registry { get; }

    public ClusterState State { get; }

    public ClusterEntry Entry
    {
        get
        {
            Assert.True(State.TryGet(Key, out var entry));
            return entry;
        }
    }

    public ClusterResilience Resilience => Entry.Resilience!;

    public static Endpoint Endpoint(int n) => new($"10.0.0.{n}", 9080, default, $"reviews-{n}", "default");

    public static ValueList<Endpoint> Endpoints(params int[] numbers) => new(numbers.Select(Endpoint));

    public static ValueList<Endpoint> Endpoints(int count) => Endpoints([.. Enumerable.Range(1, count)]);

    public static ClusterTable Table(ValueList<Endpoint> endpoints, TrafficPolicy? policy) =>
        ClusterTable.From([new Cluster(Key, endpoints, ClusterPolicy.Merge(policy, null))]);

    public static TrafficPolicy Detecting(OutlierDetection detection, LoadBalancerSettings? balancer = null) =>
        new() { OutlierDetection = detection, LoadBalancer = balancer };

    public void Apply(ValueList<Endpoint> endpoints, TrafficPolicy? policy) => State.Update(Table(endpoints, policy));

    /// <summary>Reports <paramref name="count"/> answers with <paramref name="status"/> from endpoint <paramref name="n"/>.</summary>
    public void Answer(int n, int status, int count = 1) => Report(n, AttemptOutcome.Response(status), count);

    public void Report(int n, AttemptOutcome outcome, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            Outliers.Report(Key, Endpoint(n), outcome);
        }
    }

    public bool IsEjected(int n) => Outliers.IsEjected(Key, Endpoint(n));

    /// <summary>The endpoint numbers the balancer picks in <paramref name="picks"/> picks.</summary>
    public HashSet<int> Picked(int picks = 300, LoadBalancingContext? context = null)
    {
        var entry = Entry;
        var seen = new HashSet<int>();
        for (var i = 0; i < picks; i++)
        {
            var pick = entry.LoadBalancer.Pick(context ?? LoadBalancingContext.Empty);
            pick.Lease.Dispose();
            if (pick.HasEndpoint)
            {
                seen.Add(int.Parse(entry.Cluster.Endpoints[pick.Index].Address.Split('.')[3], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return seen;
    }

    public void Dispose() => Registry.Dispose();
}
