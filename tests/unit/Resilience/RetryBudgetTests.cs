using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Resilience.Budget;
using Xunit;
using static GatewayMesh.UnitTests.Resilience.ResilienceFixture;

namespace GatewayMesh.UnitTests.Resilience;

public class RetryBudgetTests
{
    private static TrafficPolicy Budget(double? percent = null, int? minRetryConcurrency = null, int? maxRetries = null) => new()
    {
        RetryBudget = percent is null && minRetryConcurrency is null ? new RetryBudget() : new RetryBudget { Percent = percent, MinRetryConcurrency = minRetryConcurrency },
        ConnectionPool = maxRetries is null ? null : new ConnectionPoolSettings { Http = new HttpSettings { MaxRetries = maxRetries } },
    };

    private static List<RetryLease> Acquire(RetryLimiter limiter, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => limiter.TryAcquireRetry())];

    [Fact]
    public void TryAcquireRetry_FewActiveRequests_MinRetryConcurrencyBounds()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Budget()); // Istio's defaults: 20 %, at least 3

        var leases = Acquire(mesh.Resilience.Retries, 4);

        Assert.Equal([true, true, true, false], leases.Select(l => l.Acquired));
        leases[0].Dispose();
        Assert.True(mesh.Resilience.Retries.TryAcquireRetry().Acquired);
    }

    [Fact]
    public void TryAcquireRetry_ManyActiveRequests_PercentOfThemBounds()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Budget(percent: 25, minRetryConcurrency: 1));
        var requests = Enumerable.Range(0, 40).Select(i => mesh.Resilience.Pool.TryAcquire(out var lease, out _) ? lease : default).ToList();

        var retries = Acquire(mesh.Resilience.Retries, 11);

        Assert.Equal(10, retries.Count(r => r.Acquired));
        Assert.False(retries[^1].Acquired);
        requests.ForEach(r => r.Dispose());
        Assert.Equal(1, mesh.Resilience.Retries.AllowedRetries);
    }

    [Fact]
    public void TryAcquireRetry_BudgetSet_ReplacesMaxRetries()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Budget(percent: 20, minRetryConcurrency: 5, maxRetries: 1));

        Assert.Equal(5, Acquire(mesh.Resilience.Retries, 6).Count(r => r.Acquired));
    }

    [Fact]
    public void TryAcquireRetry_NoBudget_MaxRetriesBounds()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), new TrafficPolicy { ConnectionPool = new ConnectionPoolSettings { Http = new HttpSettings { MaxRetries = 2 } } });

        Assert.Equal([true, true, false], Acquire(mesh.Resilience.Retries, 3).Select(l => l.Acquired));
    }

    [Fact]
    public void TryAcquireRetry_NoLimitsConfigured_AlwaysAllowed()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), null);

        Assert.All(Acquire(mesh.Resilience.Retries, 1000), l => Assert.True(l.Acquired));
    }

    [Fact]
    public void TryAcquireRetry_RefusedLease_DisposingCountsNothing()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Budget(minRetryConcurrency: 1, percent: 0));
        var granted = mesh.Resilience.Retries.TryAcquireRetry();

        mesh.Resilience.Retries.TryAcquireRetry().Dispose();

        Assert.Equal(1, mesh.Resilience.Retries.Load.ActiveRetries);
        granted.Dispose();
        Assert.Equal(0, mesh.Resilience.Retries.Load.ActiveRetries);
    }

    [Fact]
    public void RetryBudgetPolicy_FromSubset_OverridesTheHostBudget()
    {
        var merged = GatewayMesh.Proxy.Clusters.ClusterPolicy.Merge(
            new TrafficPolicy { RetryBudget = new RetryBudget { Percent = 10 } },
            new TrafficPolicy { RetryBudget = new RetryBudget { Percent = 50 } });

        Assert.Equal(50, RetryBudgetPolicy.From(merged.RetryBudget)!.Percent);
        Assert.Equal(10, RetryBudgetPolicy.From(GatewayMesh.Proxy.Clusters.ClusterPolicy.Merge(new TrafficPolicy { RetryBudget = new RetryBudget { Percent = 10 } }, null).ForPort(9080).RetryBudget)!.Percent);
    }

    private static TrafficPolicy Windowed(string? interval, double percent = 50, int minRetryConcurrency = 0) => new()
    {
        RetryBudget = new RetryBudget { Percent = percent, MinRetryConcurrency = minRetryConcurrency, BudgetInterval = interval is null ? null : MeshDuration.Parse(interval) },
    };

    /// <summary>Admits and ends <paramref name="count"/> requests one after another: never more than one in flight.</summary>
    private static void Sequential(ResilienceFixture mesh, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(mesh.Resilience.Pool.TryAcquire(out var lease, out _));
            lease.Dispose();
        }
    }

    [Fact]
    public void TryAcquireRetry_BudgetInterval_RequestsStartedWithinItCount()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Windowed("10s"));
        Sequential(mesh, 10);

        Assert.Equal(0, mesh.Resilience.Retries.Load.ActiveRequests);
        Assert.Equal(5, mesh.Resilience.Retries.AllowedRetries);
        Assert.Equal(5, Acquire(mesh.Resilience.Retries, 6).Count(r => r.Acquired));
    }

    [Fact]
    public void TryAcquireRetry_NoBudgetInterval_OnlyRequestsInFlightCount()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Windowed(interval: null));
        Sequential(mesh, 10);

        Assert.Null(mesh.Resilience.Retries.Load.Window);
        Assert.False(mesh.Resilience.Retries.TryAcquireRetry().Acquired);
    }

    [Fact]
    public void TryAcquireRetry_BudgetIntervalZero_IsIstiosNoInterval()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Windowed("0s"));
        Sequential(mesh, 10);

        Assert.Null(mesh.Resilience.Retries.Load.Window);
        Assert.Equal(0, mesh.Resilience.Retries.AllowedRetries);
    }

    [Fact]
    public void TryAcquireRetry_BudgetInterval_RequestsOlderThanItStopCounting()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Windowed("10s"));
        Sequential(mesh, 10);
        mesh.Time.Advance(TimeSpan.FromSeconds(5));
        Sequential(mesh, 4);

        Assert.Equal(7, mesh.Resilience.Retries.AllowedRetries);
        mesh.Time.Advance(TimeSpan.FromSeconds(5)); // the first ten are 10 s old now
        Assert.Equal(2, mesh.Resilience.Retries.AllowedRetries);
        mesh.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, mesh.Resilience.Retries.AllowedRetries);
    }

    [Fact]
    public void Sync_SameInterval_KeepsTheCounts_OtherIntervalStartsAfresh()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Windowed("10s"));
        Sequential(mesh, 4);

        mesh.Apply(Endpoints(3), Windowed("10s", percent: 100));
        Assert.Equal(4, mesh.Resilience.Retries.AllowedRetries);
        mesh.Apply(Endpoints(3), Windowed("20s", percent: 100));
        Assert.Equal(0, mesh.Resilience.Retries.AllowedRetries);
        Sequential(mesh, 2);
        Assert.Equal(2, mesh.Resilience.Retries.AllowedRetries);
    }
}
